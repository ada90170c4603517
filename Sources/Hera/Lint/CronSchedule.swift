import Foundation

/// Standard cron lines as Argo reads them (robfig/cron's standard parser): five fields, or a
/// descriptor such as `@hourly` or `@every 1h30m`, optionally after `CRON_TZ=Zone `.
enum CronSchedule {
  /// What is wrong with a schedule, or `nil` when it is valid.
  static func problem(in schedule: String) -> String? {
    var text = schedule.trimmingCharacters(in: .whitespaces)
    for prefix in ["CRON_TZ=", "TZ="] where text.hasPrefix(prefix) {
      let rest = text.dropFirst(prefix.count)
      guard let space = rest.firstIndex(of: " ") else { return "the time zone is not followed by a schedule" }
      let zone = String(rest[..<space])
      if TimeZone(identifier: zone) == nil { return "\"\(zone)\" is not a time zone" }
      text = rest[space...].trimmingCharacters(in: .whitespaces)
    }
    if text.hasPrefix("@") {
      let descriptors = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]
      if descriptors.contains(text) { return nil }
      if text.hasPrefix("@every ") {
        return isGoDuration(String(text.dropFirst("@every ".count))) ? nil : "\"\(text)\" needs a duration such as @every 1h30m"
      }
      return "unknown descriptor \(text)"
    }
    let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard fields.count == 5 else {
      return "expected exactly 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)"
    }
    let specs: [(name: String, range: ClosedRange<Int>, names: [String])] = [
      ("minute", 0...59, []), ("hour", 0...23, []), ("day of month", 1...31, []),
      ("month", 1...12, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
      ("day of week", 0...6, ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ]
    for (field, spec) in zip(fields, specs) {
      if let problem = problem(inField: field, range: spec.range, names: spec.names) {
        return "\(spec.name) \"\(field)\": \(problem)"
      }
    }
    return nil
  }

  private static func problem(inField field: String, range: ClosedRange<Int>, names: [String]) -> String? {
    for part in field.split(separator: ",", omittingEmptySubsequences: false) {
      guard !part.isEmpty else { return "empty list entry" }
      var body = Substring(part)
      if let slash = body.firstIndex(of: "/") {
        guard let step = Int(body[body.index(after: slash)...]), step > 0 else { return "the step after / must be a positive number" }
        body = body[..<slash]
      }
      if body == "*" || body == "?" { continue }
      let bounds = body.split(separator: "-", omittingEmptySubsequences: false)
      guard bounds.count <= 2 else { return "malformed range \(body)" }
      var values: [Int] = []
      for bound in bounds {
        if let number = Int(bound) {
          values.append(number)
        } else if let index = names.firstIndex(of: bound.lowercased()) {
          values.append(range.lowerBound + index)
        } else {
          return "\"\(bound)\" is not a number"
        }
      }
      for value in values where !range.contains(value) {
        return "\(value) is out of range \(range.lowerBound)-\(range.upperBound)"
      }
      if values.count == 2, values[0] > values[1] { return "the range \(body) ends before it starts" }
    }
    return nil
  }

  /// A Go duration: numbers with units ns, us, µs, ms, s, m, h (`1h30m`, `90s`, `1.5h`).
  static func isGoDuration(_ text: String) -> Bool {
    var rest = Substring(text)
    guard !rest.isEmpty else { return false }
    while !rest.isEmpty {
      let number = rest.prefix { $0.isNumber || $0 == "." }
      guard !number.isEmpty, Double(number) != nil else { return false }
      rest = rest.dropFirst(number.count)
      let unit = rest.prefix { $0.isLetter }
      guard ["ns", "us", "µs", "ms", "s", "m", "h"].contains(String(unit)) else { return false }
      rest = rest.dropFirst(unit.count)
    }
    return true
  }
}
