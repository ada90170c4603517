import ArgoModel
import Foundation

/// Times and durations as the progress display writes and reads them.
enum ProgressFormat {
  /// A duration in the short style of `argo get`: `4s`, `1m23s`, `2h05m`, `3d04h`.
  ///
  /// Two units at most: beyond a minute, seconds are noise in a live display.
  static func duration(_ seconds: Double) -> String {
    let total = max(0, Int(seconds.rounded(.down)))
    let days = total / 86_400
    let hours = total % 86_400 / 3_600
    let minutes = total % 3_600 / 60
    let rest = total % 60
    if days > 0 { return "\(days)d\(twoDigits(hours))h" }
    if hours > 0 { return "\(hours)h\(twoDigits(minutes))m" }
    if minutes > 0 { return "\(minutes)m\(twoDigits(rest))s" }
    return "\(rest)s"
  }

  /// The wall-clock time of day, `12:03:07`, in `timeZone`.
  static func clock(_ date: Date, timeZone: TimeZone) -> String {
    let local = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
    let secondOfDay = ((local % 86_400) + 86_400) % 86_400
    return "\(twoDigits(secondOfDay / 3_600)):\(twoDigits(secondOfDay % 3_600 / 60)):\(twoDigits(secondOfDay % 60))"
  }

  private static func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : "\(value)"
  }

  /// Seconds since 1970 of a Kubernetes time.
  ///
  /// A 5,000-node status carries 10,000 times and a frame is built every second or so; Foundation's
  /// ISO 8601 parser costs microseconds each, so the common shapes (`2026-11-25T08:24:13Z`, with
  /// fractional seconds or a numeric offset) are read here by hand, and anything else goes to it.
  static func seconds(_ time: Time?) -> Double? {
    guard let time else { return nil }
    var text = time.text
    let fast = text.withUTF8 { RFC3339.seconds($0) }
    if let fast { return fast }
    return time.date?.timeIntervalSince1970
  }
}

/// A reader of RFC 3339 date-times, straight from a string's UTF-8 bytes.
enum RFC3339 {
  static func seconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    var cursor = bytes.startIndex
    func number(_ digits: Int) -> Int? {
      guard bytes.endIndex - cursor >= digits else { return nil }
      var value = 0
      for _ in 0..<digits {
        let byte = bytes[cursor]
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        value = value * 10 + Int(byte - 0x30)
        cursor += 1
      }
      return value
    }
    func expect(_ accepted: UInt8...) -> Bool {
      guard cursor < bytes.endIndex, accepted.contains(bytes[cursor]) else { return false }
      cursor += 1
      return true
    }
    guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2),
      expect(0x54, 0x74, 0x20), let hour = number(2), expect(0x3A), let minute = number(2), expect(0x3A),
      let second = number(2),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
    else { return nil }
    var fraction = 0.0
    if cursor < bytes.endIndex, bytes[cursor] == 0x2E {
      cursor += 1
      var scale = 0.1
      let start = cursor
      while cursor < bytes.endIndex, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 {
        fraction += Double(bytes[cursor] - 0x30) * scale
        scale /= 10
        cursor += 1
      }
      guard cursor > start else { return nil }
    }
    var offset = 0
    if expect(0x5A, 0x7A) {
      // UTC
    } else if cursor < bytes.endIndex, bytes[cursor] == 0x2B || bytes[cursor] == 0x2D {
      let sign = bytes[cursor] == 0x2D ? -1 : 1
      cursor += 1
      guard let offsetHours = number(2), expect(0x3A), let offsetMinutes = number(2) else { return nil }
      offset = sign * (offsetHours * 3_600 + offsetMinutes * 60)
    } else {
      return nil
    }
    guard cursor == bytes.endIndex else { return nil }
    let days = daysSinceEpoch(year: year, month: month, day: day)
    return Double(days * 86_400 + hour * 3_600 + minute * 60 + second - offset) + fraction
  }

  /// Days from 1970-01-01 to a proleptic Gregorian date (the well-known era-based conversion).
  static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}
