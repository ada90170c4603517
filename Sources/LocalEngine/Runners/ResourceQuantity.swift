/// Kubernetes resource quantities (`500m`, `1.5`, `1Gi`, `128M`, `1e9`), read into the numbers
/// that `podman run --cpus` and `--memory` take.
enum ResourceQuantity {
  /// A CPU quantity in CPUs: `500m` → 0.5, `2` → 2.
  static func cpus(_ text: String) -> Double? {
    value(of: text)
  }

  /// A memory quantity in bytes, rounded up: `1Gi` → 1073741824, `1G` → 1000000000.
  static func bytes(_ text: String) -> Int64? {
    guard let value = value(of: text), value >= 0, value < 9.2e18 else { return nil }
    return Int64(value.rounded(.up))
  }

  /// The value of a quantity: a decimal number, then a binary suffix (Ki … Ei), a decimal one
  /// (n, u, m, k, M … E), or an exponent (`e3`).
  static func value(of text: String) -> Double? {
    let text = text.withoutSurroundingSpaces
    let numberEnd = text.firstIndex(where: { !($0.isASCII && ($0.isNumber || $0 == "." || $0 == "+" || $0 == "-")) }) ?? text.endIndex
    guard let number = Double(text[..<numberEnd]), number.isFinite else { return nil }
    let suffix = String(text[numberEnd...])
    let multipliers: [String: Double] = [
      "": 1, "n": 1e-9, "u": 1e-6, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
      "Ki": 1024, "Mi": 1_048_576, "Gi": 1_073_741_824, "Ti": 1_099_511_627_776, "Pi": 1_125_899_906_842_624,
      "Ei": 1_152_921_504_606_846_976,
    ]
    if let multiplier = multipliers[suffix] { return number * multiplier }
    if let first = suffix.first, first == "e" || first == "E", let exponent = Int(suffix.dropFirst()), abs(exponent) <= 30 {
      var multiplier = 1.0
      for _ in 0..<abs(exponent) { multiplier *= 10 }
      return exponent < 0 ? number / multiplier : number * multiplier
    }
    return nil
  }
}

extension String {
  fileprivate var withoutSurroundingSpaces: String {
    var slice = self[...]
    while slice.first == " " { slice = slice.dropFirst() }
    while slice.last == " " { slice = slice.dropLast() }
    return String(slice)
  }
}
