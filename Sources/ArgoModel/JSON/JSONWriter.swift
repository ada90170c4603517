/// Writes JSON text into a byte buffer: compact for requests, indented for people.
public struct JSONWriter: Sendable {
  /// The layout of the text.
  public struct Style: Sendable, Hashable {
    let indent: Int?

    /// No whitespace at all: for requests and logs.
    public static let compact = Style(indent: nil)
    /// Two spaces per level, one member or element per line, as `kubectl -o json` writes.
    public static let pretty = Style(indent: 2)
  }

  public private(set) var bytes: [UInt8] = []
  private let style: Style

  public init(style: Style = .pretty) {
    self.style = style
  }

  /// The text written so far.
  public var string: String { String(decoding: bytes, as: UTF8.self) }

  /// Writes one value; with the pretty style, follows it with a newline.
  public mutating func writeDocument(_ value: JSONValue) {
    write(value)
    if style.indent != nil { bytes.append(0x0A) }
  }

  public mutating func write(_ value: JSONValue) {
    write(value, level: 0)
  }

  /// Spaces for the deepest level written so far, grown as levels deepen: each line copies a
  /// prefix of it. The reader bounds depth (see `ManifestReader.Options.maxDepth`), which bounds
  /// the indentation of a line, since pretty text of a deep document holds depth × lines spaces.
  private var indentation: [UInt8] = []

  private mutating func newline(level: Int) {
    guard let indent = style.indent else { return }
    bytes.append(0x0A)
    let width = indent * level
    if indentation.count < width { indentation.append(contentsOf: repeatElement(0x20, count: width - indentation.count)) }
    bytes.append(contentsOf: indentation[..<width])
  }

  private mutating func write(_ value: JSONValue, level: Int) {
    switch value {
    case .null:
      bytes.append(contentsOf: "null".utf8)
    case .bool(let bool):
      bytes.append(contentsOf: (bool ? "true" : "false").utf8)
    case .number(let number):
      bytes.append(contentsOf: number.text.utf8)
    case .string(let string):
      writeString(string)
    case .array(let elements):
      guard !elements.isEmpty else {
        bytes.append(contentsOf: "[]".utf8)
        return
      }
      bytes.append(UInt8(ascii: "["))
      for (position, element) in elements.enumerated() {
        if position > 0 { bytes.append(UInt8(ascii: ",")) }
        newline(level: level + 1)
        write(element, level: level + 1)
      }
      newline(level: level)
      bytes.append(UInt8(ascii: "]"))
    case .object(let object):
      guard !object.isEmpty else {
        bytes.append(contentsOf: "{}".utf8)
        return
      }
      bytes.append(UInt8(ascii: "{"))
      for (position, member) in object.enumerated() {
        if position > 0 { bytes.append(UInt8(ascii: ",")) }
        newline(level: level + 1)
        writeString(member.key)
        bytes.append(UInt8(ascii: ":"))
        if style.indent != nil { bytes.append(0x20) }
        write(member.value, level: level + 1)
      }
      newline(level: level)
      bytes.append(UInt8(ascii: "}"))
    }
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  mutating func writeString(_ string: String) {
    bytes.append(UInt8(ascii: "\""))
    var utf8 = string.utf8
    let done: Void? = utf8.withContiguousStorageIfAvailable { buffer in
      appendEscaped(buffer)
    }
    if done == nil {
      utf8 = String(string).utf8
      appendEscaped(Array(utf8))
    }
    bytes.append(UInt8(ascii: "\""))
  }

  private mutating func appendEscaped<Bytes: Collection<UInt8>>(_ source: Bytes) {
    for byte in source {
      switch byte {
      case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
      case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0x00..<0x20, 0x7F:
        bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
        bytes.append(JSONWriter.hexDigits[Int(byte >> 4)])
        bytes.append(JSONWriter.hexDigits[Int(byte & 0x0F)])
      default:
        bytes.append(byte)
      }
    }
  }
}
