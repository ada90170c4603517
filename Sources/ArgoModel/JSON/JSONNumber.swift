/// A number kept exactly as it was written, in JSON's syntax (`42`, `-1.50`, `6.02e23`).
///
/// Argo compares and substitutes numbers as text (a parameter `1.10` stays `1.10`), so the text is
/// the number. Two numbers are equal when their values are, whatever their spelling.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
  /// The number in JSON's syntax.
  public let text: String

  /// Creates a number from its JSON text, or `nil` when the text is not a JSON number.
  public init?(_ text: String) {
    guard JSONNumber.isValid(Array(text.utf8)[...]) else { return nil }
    self.text = text
  }

  /// Creates a number from text the caller has already checked.
  init(validatedText text: String) {
    self.text = text
  }

  public init(_ value: Int) {
    text = String(value)
  }

  /// Creates a number from a finite `Double`, written in its shortest exact form.
  public init(_ value: Double) {
    precondition(value.isFinite, "JSON has no representation for \(value)")
    if value == value.rounded(), abs(value) < 1e15 {
      text = String(Int(value))
    } else {
      text = "\(value)"
    }
  }

  /// The value as an integer, when it is one (`3`, `3.0` and `3e0` all are).
  public var intValue: Int? {
    if let int = Int(text) { return int }
    guard let double = Double(text), double == double.rounded(), abs(double) < 9.0e15 else { return nil }
    return Int(double)
  }

  /// The value as a `Double` (large integers may round).
  public var doubleValue: Double {
    Double(text) ?? .nan
  }

  /// Whether the text has no fraction and no exponent.
  public var isIntegerLiteral: Bool {
    !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
  }

  public var description: String { text }

  public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
    if lhs.text == rhs.text { return true }
    if let left = Int(lhs.text), let right = Int(rhs.text) { return left == right }
    return lhs.doubleValue == rhs.doubleValue
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(doubleValue)
  }

  /// Whether `bytes` is a number in JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
  static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
    var index = bytes.startIndex
    let end = bytes.endIndex
    func digits() -> Int {
      let start = index
      while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
      return index - start
    }
    if index < end, bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < end else { return false }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else if digits() == 0 {
      return false
    }
    if index < end, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digits() > 0 else { return false }
    }
    if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard digits() > 0 else { return false }
    }
    return index == end
  }
}
