import ArgoModel

/// Text the way Go writes it, so that a value substituted here reads exactly as Argo's controller
/// would have written it: `fmt`'s `%v` for numbers, and `encoding/json` for JSON (HTML-safe
/// escaping, map keys sorted).
enum GoFormat {
  // MARK: Numbers

  /// A finite `Double`'s shortest decimal digits `d₁d₂…dₙ` and the position of the decimal
  /// point, such that the value is `0.d₁d₂…dₙ × 10^point` (Go's `decimal.dp`). Zero has no digits.
  static func shortestDecimal(_ value: Double) -> (digits: [UInt8], point: Int) {
    let text = "\(abs(value))"  // Swift prints the shortest text that reads back exactly.
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = text[..<e]
      exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    var integerDigits = 0
    var digits: [UInt8] = []
    var seenPoint = false
    for byte in mantissa.utf8 {
      if byte == UInt8(ascii: ".") {
        seenPoint = true
        continue
      }
      digits.append(byte)
      if !seenPoint { integerDigits += 1 }
    }
    var leadingZeros = 0
    while leadingZeros < digits.count, digits[leadingZeros] == UInt8(ascii: "0") { leadingZeros += 1 }
    digits.removeFirst(leadingZeros)
    while let last = digits.last, last == UInt8(ascii: "0") { digits.removeLast() }
    if digits.isEmpty { return ([], 0) }
    return (digits, integerDigits - leadingZeros + exponent)
  }

  /// `strconv.FormatFloat(value, 'e', -1, 64)`: `1.5e+06`, `1e-07`.
  private static func exponentForm(_ digits: [UInt8], point: Int, negative: Bool) -> String {
    var bytes: [UInt8] = negative ? [UInt8(ascii: "-")] : []
    bytes.append(digits.first ?? UInt8(ascii: "0"))
    if digits.count > 1 {
      bytes.append(UInt8(ascii: "."))
      bytes.append(contentsOf: digits[1...])
    }
    let exponent = digits.isEmpty ? 0 : point - 1
    bytes.append(UInt8(ascii: "e"))
    bytes.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
    let magnitude = String(abs(exponent))
    if magnitude.count < 2 { bytes.append(UInt8(ascii: "0")) }
    bytes.append(contentsOf: magnitude.utf8)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `strconv.FormatFloat(value, 'f', -1, 64)`: `1500000`, `0.0001`.
  private static func fixedForm(_ digits: [UInt8], point: Int, negative: Bool) -> String {
    var bytes: [UInt8] = negative ? [UInt8(ascii: "-")] : []
    if digits.isEmpty {
      bytes.append(UInt8(ascii: "0"))
    } else if point <= 0 {
      bytes.append(contentsOf: "0.".utf8)
      bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -point))
      bytes.append(contentsOf: digits)
    } else if point >= digits.count {
      bytes.append(contentsOf: digits)
      bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: point - digits.count))
    } else {
      bytes.append(contentsOf: digits[..<point])
      bytes.append(UInt8(ascii: "."))
      bytes.append(contentsOf: digits[point...])
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// A float as `fmt.Sprint` writes it (`%v`, that is `%g` with the shortest digits): `2.5`,
  /// `100000`, `1e+06`, `1.234567e+06`, `0.0001`, `1e-05`.
  static func float(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    let negative = value.sign == .minus
    let (digits, point) = shortestDecimal(value)
    if digits.isEmpty { return negative ? "-0" : "0" }
    // With the shortest precision, Go's %g uses exponent form when the decimal exponent is
    // below -4 or at least 6 (the default precision), whatever the number of digits.
    let exponent = point - 1
    if exponent < -4 || exponent >= 6 {
      return exponentForm(digits, point: point, negative: negative)
    }
    return fixedForm(digits, point: point, negative: negative)
  }

  /// A float as `encoding/json` writes it: fixed notation from 1e-6 to 1e21, exponent form
  /// (`1e-7`, `1e+21`) outside.
  static func jsonFloat(_ value: Double) -> String? {
    guard value.isFinite else { return nil }
    let negative = value.sign == .minus
    let (digits, point) = shortestDecimal(value)
    if digits.isEmpty { return negative ? "-0" : "0" }
    let magnitude = abs(value)
    if magnitude < 1e-6 || magnitude >= 1e21 {
      var text = exponentForm(digits, point: point, negative: negative)
      // Go trims the exponent's leading zero for negative exponents: e-07 → e-7.
      if let range = text.range(of: "e-0") { text.replaceSubrange(range, with: "e-") }
      return text
    }
    return fixedForm(digits, point: point, negative: negative)
  }

  // MARK: JSON

  /// How object keys are ordered in JSON output.
  enum KeyOrder {
    /// As stored (a raw JSON document keeps its order).
    case stored
    /// Sorted at every level, as Go writes its maps.
    case sorted
    /// Sorted at the top level only: how Argo writes a `withItems` object (a Go map of raw values).
    case sortedTopLevel
  }

  /// Compact (or indented) JSON as `encoding/json` writes it: `<`, `>` and `&` escaped as
  /// `\u003c`, `\u003e`, `\u0026` unless `escapeHTML` is false.
  static func json(
    _ value: JSONValue, keys: KeyOrder = .sorted, escapeHTML: Bool = true, indent: String? = nil
  ) -> String {
    var bytes: [UInt8] = []
    writeJSON(value, into: &bytes, keys: keys, escapeHTML: escapeHTML, indent: indent, level: 0)
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func newline(_ bytes: inout [UInt8], indent: String?, level: Int) {
    guard let indent else { return }
    bytes.append(0x0A)
    for _ in 0..<level { bytes.append(contentsOf: indent.utf8) }
  }

  private static func writeJSON(
    _ value: JSONValue, into bytes: inout [UInt8], keys: KeyOrder, escapeHTML: Bool, indent: String?, level: Int
  ) {
    switch value {
    case .null: bytes.append(contentsOf: "null".utf8)
    case .bool(let bool): bytes.append(contentsOf: (bool ? "true" : "false").utf8)
    case .number(let number): bytes.append(contentsOf: number.text.utf8)
    case .string(let string): writeString(string, into: &bytes, escapeHTML: escapeHTML)
    case .array(let elements):
      guard !elements.isEmpty else {
        bytes.append(contentsOf: "[]".utf8)
        return
      }
      let inner: KeyOrder = keys == .sortedTopLevel ? .stored : keys
      bytes.append(UInt8(ascii: "["))
      for (position, element) in elements.enumerated() {
        if position > 0 { bytes.append(UInt8(ascii: ",")) }
        newline(&bytes, indent: indent, level: level + 1)
        writeJSON(element, into: &bytes, keys: inner, escapeHTML: escapeHTML, indent: indent, level: level + 1)
      }
      newline(&bytes, indent: indent, level: level)
      bytes.append(UInt8(ascii: "]"))
    case .object(let object):
      guard !object.isEmpty else {
        bytes.append(contentsOf: "{}".utf8)
        return
      }
      var members = object.members
      if keys != .stored {
        members.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
      }
      let inner: KeyOrder = keys == .sortedTopLevel ? .stored : keys
      bytes.append(UInt8(ascii: "{"))
      for (position, member) in members.enumerated() {
        if position > 0 { bytes.append(UInt8(ascii: ",")) }
        newline(&bytes, indent: indent, level: level + 1)
        writeString(member.key, into: &bytes, escapeHTML: escapeHTML)
        bytes.append(UInt8(ascii: ":"))
        if indent != nil { bytes.append(UInt8(ascii: " ")) }
        writeJSON(member.value, into: &bytes, keys: inner, escapeHTML: escapeHTML, indent: indent, level: level + 1)
      }
      newline(&bytes, indent: indent, level: level)
      bytes.append(UInt8(ascii: "}"))
    }
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  static func writeString(_ string: String, into bytes: inout [UInt8], escapeHTML: Bool) {
    bytes.append(UInt8(ascii: "\""))
    for scalar in string.unicodeScalars {
      switch scalar.value {
      case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
      case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
      case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
      case 0x00..<0x20:
        bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
        bytes.append(hexDigits[Int(scalar.value >> 4)])
        bytes.append(hexDigits[Int(scalar.value & 0x0F)])
      case 0x3C where escapeHTML: bytes.append(contentsOf: "\\u003c".utf8)
      case 0x3E where escapeHTML: bytes.append(contentsOf: "\\u003e".utf8)
      case 0x26 where escapeHTML: bytes.append(contentsOf: "\\u0026".utf8)
      case 0x2028: bytes.append(contentsOf: "\\u2028".utf8)
      case 0x2029: bytes.append(contentsOf: "\\u2029".utf8)
      default: bytes.append(contentsOf: String(scalar).utf8)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  /// `strconv.Quote`: a Go string literal with `\n`, `\t`, `\"` and `\\` escapes.
  static func quote(_ string: String) -> String {
    var bytes: [UInt8] = [UInt8(ascii: "\"")]
    for scalar in string.unicodeScalars {
      switch scalar.value {
      case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
      case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0x07: bytes.append(contentsOf: [0x5C, UInt8(ascii: "a")])
      case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
      case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
      case 0x0B: bytes.append(contentsOf: [0x5C, UInt8(ascii: "v")])
      case 0x00..<0x20, 0x7F:
        bytes.append(contentsOf: [0x5C, UInt8(ascii: "x")])
        bytes.append(hexDigits[Int(scalar.value >> 4)])
        bytes.append(hexDigits[Int(scalar.value & 0x0F)])
      default: bytes.append(contentsOf: String(scalar).utf8)
      }
    }
    bytes.append(UInt8(ascii: "\""))
    return String(decoding: bytes, as: UTF8.self)
  }
}
