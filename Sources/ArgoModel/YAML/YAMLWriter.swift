/// Writes JSON values as block-style YAML, in one linear pass over a byte buffer.
///
/// The layout is kubectl's: two-space indentation, sequences not indented under their key,
/// multi-line strings as literal blocks (`|`), strings quoted only when they would otherwise
/// read back as something else (`"yes"`, `"1.10"`, `'{{item}}'`).
///
/// Yams' `YAMLEncoder` is not used: its time grows with the square of the document's size.
public struct YAMLWriter: Sendable {
  public private(set) var bytes: [UInt8] = []
  private var documents = 0

  public init() {}

  /// The text written so far.
  public var string: String { String(decoding: bytes, as: UTF8.self) }

  /// Writes a document, preceded by `---` when it is not the first.
  public mutating func writeDocument(_ value: JSONValue) {
    if documents > 0 { bytes.append(contentsOf: "---\n".utf8) }
    documents += 1
    switch value {
    case .object(let object) where !object.isEmpty:
      writeMembers(object, indent: 0, continuesLine: false)
    case .array(let elements) where !elements.isEmpty:
      writeElements(elements, indent: 0, continuesLine: false)
    case .string(let string) where string.utf8.contains(0x0A):
      writeDoubleQuoted(string)
      bytes.append(0x0A)
    default:
      writeInlineScalar(value)
      bytes.append(0x0A)
    }
  }

  private mutating func indent(_ count: Int) {
    bytes.append(contentsOf: repeatElement(0x20, count: count))
  }

  /// Writes members, each on its own line; the first continues the current line when
  /// `continuesLine` (after a sequence's `- `).
  private mutating func writeMembers(_ object: JSONObject, indent level: Int, continuesLine: Bool) {
    for (position, member) in object.enumerated() {
      if position > 0 || !continuesLine { indent(level) }
      writeKey(member.key)
      bytes.append(UInt8(ascii: ":"))
      switch member.value {
      case .object(let child) where !child.isEmpty:
        bytes.append(0x0A)
        writeMembers(child, indent: level + 2, continuesLine: false)
      case .array(let elements) where !elements.isEmpty:
        bytes.append(0x0A)
        writeElements(elements, indent: level, continuesLine: false)
      case .string(let string) where YAMLWriter.fitsLiteralBlock(string):
        bytes.append(0x20)
        writeLiteralBlock(string, indent: level + 2)
      default:
        bytes.append(0x20)
        writeInlineScalar(member.value)
        bytes.append(0x0A)
      }
    }
  }

  private mutating func writeElements(_ elements: [JSONValue], indent level: Int, continuesLine: Bool) {
    for (position, element) in elements.enumerated() {
      if position > 0 || !continuesLine { indent(level) }
      bytes.append(contentsOf: [UInt8(ascii: "-"), 0x20])
      switch element {
      case .object(let object) where !object.isEmpty:
        writeMembers(object, indent: level + 2, continuesLine: true)
      case .array(let nested) where !nested.isEmpty:
        writeElements(nested, indent: level + 2, continuesLine: true)
      case .string(let string) where YAMLWriter.fitsLiteralBlock(string):
        writeLiteralBlock(string, indent: level + 2)
      default:
        writeInlineScalar(element)
        bytes.append(0x0A)
      }
    }
  }

  private mutating func writeInlineScalar(_ value: JSONValue) {
    switch value {
    case .null:
      bytes.append(contentsOf: "null".utf8)
    case .bool(let bool):
      bytes.append(contentsOf: (bool ? "true" : "false").utf8)
    case .number(let number):
      bytes.append(contentsOf: YAMLWriter.yamlNumber(number.text).utf8)
    case .string(let string):
      writeString(string)
    case .array:
      bytes.append(contentsOf: "[]".utf8)
    case .object:
      bytes.append(contentsOf: "{}".utf8)
    }
  }

  private mutating func writeKey(_ key: String) {
    writeString(key)
  }

  /// A single-line string: plain when that reads back as the same string, else quoted.
  private mutating func writeString(_ string: String) {
    switch YAMLWriter.scalarStyle(for: string) {
    case .plain:
      bytes.append(contentsOf: string.utf8)
    case .singleQuoted:
      bytes.append(UInt8(ascii: "'"))
      for byte in string.utf8 {
        bytes.append(byte)
        if byte == UInt8(ascii: "'") { bytes.append(byte) }
      }
      bytes.append(UInt8(ascii: "'"))
    case .doubleQuoted:
      writeDoubleQuoted(string)
    }
  }

  private mutating func writeLiteralBlock(_ string: String, indent level: Int) {
    var trailingNewlines = 0
    for byte in string.utf8.reversed() {
      guard byte == 0x0A else { break }
      trailingNewlines += 1
    }
    bytes.append(UInt8(ascii: "|"))
    if trailingNewlines == 0 {
      bytes.append(UInt8(ascii: "-"))
    } else if trailingNewlines > 1 {
      bytes.append(UInt8(ascii: "+"))
    }
    bytes.append(0x0A)
    var lines = string.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
    if trailingNewlines > 0 { lines.removeLast() }
    for line in lines {
      if !line.isEmpty {
        indent(level)
        bytes.append(contentsOf: line)
      }
      bytes.append(0x0A)
    }
  }

  private mutating func writeDoubleQuoted(_ string: String) {
    bytes.append(UInt8(ascii: "\""))
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": bytes.append(contentsOf: "\\\"".utf8)
      case "\\": bytes.append(contentsOf: "\\\\".utf8)
      case "\n": bytes.append(contentsOf: "\\n".utf8)
      case "\t": bytes.append(contentsOf: "\\t".utf8)
      case "\r": bytes.append(contentsOf: "\\r".utf8)
      case "\u{0}": bytes.append(contentsOf: "\\0".utf8)
      case "\u{85}": bytes.append(contentsOf: "\\N".utf8)
      case "\u{2028}": bytes.append(contentsOf: "\\L".utf8)
      case "\u{2029}": bytes.append(contentsOf: "\\P".utf8)
      default:
        if YAMLWriter.isPrintable(scalar) {
          bytes.append(contentsOf: String(scalar).utf8)
        } else if scalar.value <= 0xFF {
          bytes.append(contentsOf: "\\x".utf8)
          appendHex(scalar.value, digits: 2)
        } else if scalar.value <= 0xFFFF {
          bytes.append(contentsOf: "\\u".utf8)
          appendHex(scalar.value, digits: 4)
        } else {
          bytes.append(contentsOf: "\\U".utf8)
          appendHex(scalar.value, digits: 8)
        }
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  private mutating func appendHex(_ value: UInt32, digits: Int) {
    let hex = Array("0123456789ABCDEF".utf8)
    for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
      bytes.append(hex[Int((value >> UInt32(shift)) & 0xF)])
    }
  }

  // MARK: Choosing a style

  enum ScalarStyle { case plain, singleQuoted, doubleQuoted }

  /// Characters YAML allows unescaped in a document.
  static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D, 0x20...0x7E: return true
    case 0x85: return false
    case 0xA0...0xD7FF: return scalar.value != 0x2028 && scalar.value != 0x2029
    case 0xE000...0xFFFD: return scalar.value != 0xFEFF
    case 0x10000...0x10FFFF: return true
    default: return false
    }
  }

  /// How to write a single-line string so that it reads back as the same string under both
  /// YAML 1.1 (go-yaml, PyYAML) and YAML 1.2 rules.
  static func scalarStyle(for string: String) -> ScalarStyle {
    let utf8 = string.utf8
    guard let first = utf8.first, let last = utf8.last else { return .singleQuoted }
    // One pass over the bytes: printable single-line ASCII is the common case.
    var isASCII = true
    var plainSafe = true
    var previous: UInt8 = 0
    for byte in utf8 {
      if byte >= 0x80 {
        isASCII = false
      } else if byte < 0x20 || byte == 0x7F {
        return .doubleQuoted
      } else if (previous == UInt8(ascii: ":") && byte == 0x20) || (previous == 0x20 && byte == UInt8(ascii: "#")) {
        plainSafe = false
      }
      previous = byte
    }
    if !isASCII, string.unicodeScalars.contains(where: { !isPrintable($0) }) { return .doubleQuoted }
    switch first {
    case UInt8(ascii: " "), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
      UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"),
      UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["),
      UInt8(ascii: "]"), UInt8(ascii: ","):
      plainSafe = false
    case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
      // An indicator unless followed by a non-space character.
      let second = utf8.dropFirst().first
      if second == nil || second == UInt8(ascii: " ") { plainSafe = false }
    default:
      break
    }
    if last == UInt8(ascii: " ") || last == UInt8(ascii: ":") { plainSafe = false }
    if plainSafe, string == "---" || string == "..." || string == "<<" || string == "=" { plainSafe = false }
    if plainSafe, readsAsNonString(string, first: first, count: utf8.count) { plainSafe = false }
    return plainSafe ? .plain : .singleQuoted
  }

  /// Whether a plain scalar with this text would be read as null, a Boolean, a number or a date
  /// by some YAML reader (conservatively: anything that starts like a number).
  private static func readsAsNonString(_ string: String, first: UInt8, count: Int) -> Bool {
    // Anything that starts like a number is quoted, whatever it is: `1.10`, `0x1F`, `1e3`,
    // `2009-01-01`, `12:30`, `-1`, `.5` (YAML 1.1 readers disagree about some of these).
    if first >= 0x30, first <= 0x39 { return true }
    if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: ".") {
      let second = string.utf8.dropFirst().first ?? 0
      if (second >= 0x30 && second <= 0x39) || second == UInt8(ascii: ".") { return true }
    }
    // Words read as null, Booleans or special floats have at most six characters.
    guard count <= 6 else { return false }
    return nonStringWords.contains(string.lowercased())
  }

  /// Plain words that YAML 1.1 or 1.2 readers take for null, a Boolean or a special float.
  private static let nonStringWords: Set<String> = [
    "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "+.inf", "-.inf", ".nan",
  ]

  /// Whether a string is best written as a literal block: several lines, all printable, with a
  /// first line that fixes the indentation and no lines of spaces alone that a reader could
  /// take for indentation.
  static func fitsLiteralBlock(_ string: String) -> Bool {
    let utf8 = string.utf8
    guard utf8.contains(0x0A), let first = utf8.first, first != 0x20, first != 0x09, first != 0x0A else {
      return false
    }
    for scalar in string.unicodeScalars where scalar == "\r" || !isPrintable(scalar) {
      return false
    }
    for line in utf8.split(separator: 0x0A, omittingEmptySubsequences: true)
    where line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
      return false
    }
    // A line that starts with a tab right after the indentation is fine; trailing spaces on
    // the last line would be taken as indentation of nothing.
    if let last = utf8.last, last == 0x20 || last == 0x09 { return false }
    return true
  }

  /// A number in a form every YAML reader takes for one: YAML 1.1 wants a dot and a signed
  /// exponent in floats (`1.0e+3`, not `1e3`).
  static func yamlNumber(_ text: String) -> String {
    guard let exponentIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
    var mantissa = String(text[..<exponentIndex])
    var exponent = String(text[text.index(after: exponentIndex)...])
    if !mantissa.contains(".") { mantissa += ".0" }
    if !exponent.hasPrefix("-") && !exponent.hasPrefix("+") { exponent = "+" + exponent }
    return mantissa + "e" + exponent
  }
}
