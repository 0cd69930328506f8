@testable import Handler
import Testing

@Suite("FastCGI records")
struct FastCGIRecordTests {
    @Test("name-value pairs round-trip with one- and four-byte lengths")
    func pairsRoundTrip() {
        let long = String(repeating: "v", count: 300)
        let encoded = FastCGIRecord.encodePairs([("SHORT", "x"), ("HTTP_LONG", long), ("EMPTY", "")])
        #expect(FastCGIRecord.pairs(encoded) == ["SHORT": "x", "HTTP_LONG": long, "EMPTY": ""])
        // A truncated pair ends the decoding; the pairs before it stay.
        #expect(FastCGIRecord.pairs(Array(encoded.dropLast(10))) == ["SHORT": "x"])
    }

    @Test("content over 65,535 bytes is split into records, each padded to 8 bytes")
    func recordsSplitAndPad() {
        var output: [UInt8] = []
        FastCGIRecord.append(type: 6, requestID: 258, content: [UInt8](repeating: 7, count: 70_000)[...], to: &output)
        let first = FastCGIRecord(output, at: 0)
        #expect(first?.contentLength == 65_535 && first?.requestID == 258 && first?.type == 6)
        #expect(first.map { $0.totalLength % 8 } == 0)
        let second = first.flatMap { FastCGIRecord(output, at: $0.totalLength) }
        #expect(second?.contentLength == 70_000 - 65_535)
        #expect(output.count == (first?.totalLength ?? 0) + (second?.totalLength ?? 0))
        var empty: [UInt8] = []
        FastCGIRecord.append(type: 6, requestID: 1, content: [], to: &empty)
        #expect(empty.count == 8 && FastCGIRecord(empty, at: 0)?.contentLength == 0)
    }
}
