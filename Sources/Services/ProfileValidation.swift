import Domain
import Foundation

/// The rules of profile changes, each failing with the offending field named.
enum ProfileValidation {
    /// Applies validated changes to a user.
    static func apply(_ changes: ProfileChanges, to user: inout User) throws(APIError) {
        switch changes.displayName {
        case .keep: break
        case .clear: user.displayName = nil
        case .set(let name):
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...100).contains(trimmed.count), !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw .invalid("displayName", "displayName must be 1 to 100 characters without control characters.")
            }
            user.displayName = trimmed
        }
        switch changes.avatarURL {
        case .keep: break
        case .clear: user.avatarURL = nil
        case .set(let url):
            guard WebURL.isValid(url) else { throw .invalid("avatarUrl", "avatarUrl must be an http or https URL.") }
            user.avatarURL = url
        }
        if let instrument = changes.primaryInstrument { user.primaryInstrument = instrument }
        switch changes.skillLevel {
        case .keep: break
        case .clear: user.skillLevel = nil
        case .set(let level): user.skillLevel = level
        }
        var preferences = user.preferences
        if let theme = changes.theme { preferences.theme = theme }
        if let size = changes.notationSize { preferences.notationSize = size }
        if let reminders = changes.practiceReminders { preferences.practiceReminders = reminders }
        switch changes.reminderTime {
        case .keep: break
        case .clear: preferences.reminderTime = nil
        case .set(let time):
            guard time.wholeMatch(of: /([01][0-9]|2[0-3]):[0-5][0-9]/) != nil else {
                throw .invalid("preferences.reminderTime", "reminderTime must be HH:MM, from 00:00 to 23:59.")
            }
            preferences.reminderTime = time
        }
        if let minutes = changes.dailyGoalMinutes {
            guard (1...1440).contains(minutes) else {
                throw .invalid("preferences.dailyGoalMinutes", "dailyGoalMinutes must be between 1 and 1440.")
            }
            preferences.dailyGoalMinutes = minutes
        }
        if let zone = changes.timeZone {
            guard zone.count <= 64, TimeZone(identifier: zone) != nil, zone.contains("/") || zone == "UTC" else {
                throw .invalid("preferences.timeZone", "timeZone must be an IANA time zone such as Europe/Vienna.")
            }
            preferences.timeZone = zone
        }
        if let custom = changes.customSettings {
            var merged = preferences.customSettings ?? [:]
            for (key, value) in custom {
                merged[key] = value == .null ? nil : value
            }
            guard JSONWriter.string(.object(merged)).utf8.count <= 16_384 else {
                throw .invalid("preferences.customSettings", "customSettings must stay under 16 KB.")
            }
            preferences.customSettings = merged.isEmpty ? nil : merged
        }
        user.preferences = preferences
    }
}
