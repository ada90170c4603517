import Foundation

/// Durations as Argo and Kubernetes write them: Go's `1h30m`, `300ms`, `2.5s` (units `ns`,
/// `us` or `µs`, `ms`, `s`, `m`, `h`), or a bare number of seconds.
public enum GoDuration {
  /// The seconds of `text`, or nil when it is not a duration; `days` also accepts `d`, which
  /// Go does not, for options such as `--since 3d`. Negative durations are not accepted.
  public static func seconds(_ text: String, days: Bool = false) -> Double? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let value = Double(trimmed) { return value >= 0 ? value : nil }
    var total = 0.0
    var rest = Substring(trimmed)
    guard !rest.isEmpty else { return nil }
    while !rest.isEmpty {
      let digits = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
      guard let value = Double(digits) else { return nil }
      rest = rest.dropFirst(digits.count)
      let units: [(String, Double)] =
        [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        + (days ? [("d", 86400)] : [])
      guard let (unit, scale) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
      rest = rest.dropFirst(unit.count)
      total += value * scale
    }
    return total
  }
}
