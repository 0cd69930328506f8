import Foundation

// Not `@main` on an async command: an async `main` starts the shared pool's threads before the
// first line runs, which a one-request process would pay for and never use.
if let status = Mirubato.answerOnThisThread() { exit(status) }
Task {
    await Mirubato.main(nil)
    exit(0)
}
dispatchMain()
