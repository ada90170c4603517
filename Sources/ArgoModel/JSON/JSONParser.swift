/// Reads JSON text: one value, or several one after another (a JSON stream), with a limit on
/// nesting so that hostile input cannot exhaust the stack.
struct JSONParser {
  /// One value of the stream and where its text starts.
  struct Document {
    var value: JSONValue
    var offset: Int
    /// Problems that did not stop reading, such as a key written twice.
    var warnings: [ManifestError]
  }

  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0
  private let maxDepth: Int
  private var warnings: [ManifestError] = []

  private init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  /// Parses every value of `text`.
  static func parseStream(_ text: [UInt8], maxDepth: Int) throws(ManifestError) -> [Document] {
    let result: Result<[Document], ManifestError> = text.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(bytes: buffer, maxDepth: maxDepth)
      return Result { () throws(ManifestError) in try parser.parseDocuments() }
    }
    return try result.get()
  }

  /// Parses a single value; anything but whitespace after it is an error.
  static func parse(_ text: [UInt8], maxDepth: Int = 512) throws(ManifestError) -> JSONValue {
    let documents = try parseStream(text, maxDepth: maxDepth)
    guard documents.count == 1 else {
      throw ManifestError(.syntax, documents.isEmpty ? "no JSON value" : "more than one JSON value")
    }
    return documents[0].value
  }

  /// The offset of the deepest part of `path` found in the document starting at `offset`:
  /// the key of a member, the start of an element.
  static func locate(_ path: ValuePath, in text: [UInt8], documentOffset offset: Int) -> Int? {
    text.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(bytes: buffer, maxDepth: .max)
      parser.index = offset
      return parser.locate(path.components[...], found: offset)
    }
  }

  private mutating func parseDocuments() throws(ManifestError) -> [Document] {
    var documents: [Document] = []
    skipWhitespace()
    if index == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      index = 3  // byte order mark
      skipWhitespace()
    }
    while index < bytes.count {
      let start = index
      warnings = []
      let value = try parseValue(depth: 0)
      documents.append(Document(value: value, offset: start, warnings: warnings))
      skipWhitespace()
    }
    return documents
  }

  private mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x0A, 0x0D, 0x09: index += 1
      default: return
      }
    }
  }

  private func error(
    _ message: String, at offset: Int? = nil, code: ManifestError.Code = .syntax, hint: String? = nil
  ) -> ManifestError {
    var error = ManifestError(code, message, hint: hint)
    error.speaksYAML = false
    let position = JSONParser.lineAndColumn(of: offset ?? index, in: bytes)
    error.line = position.line
    error.column = position.column
    return error
  }

  static func lineAndColumn(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = 0
    let end = min(offset, bytes.count)
    var position = 0
    while position < end {
      if bytes[position] == 0x0A {
        line += 1
        lineStart = position + 1
      }
      position += 1
    }
    return (line, end - lineStart + 1)
  }

  private func describeByte(at offset: Int) -> String {
    guard offset < bytes.count else { return "the end of the input" }
    let byte = bytes[offset]
    if byte >= 0x20, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    return "byte 0x\(String(byte, radix: 16, uppercase: true))"
  }

  private mutating func parseValue(depth: Int) throws(ManifestError) -> JSONValue {
    skipWhitespace()
    guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
    switch bytes[index] {
    case UInt8(ascii: "{"):
      return try parseObject(depth: depth + 1)
    case UInt8(ascii: "["):
      return try parseArray(depth: depth + 1)
    case UInt8(ascii: "\""):
      return .string(try parseString())
    case UInt8(ascii: "t"):
      try expectWord("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectWord("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectWord("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .number(try parseNumber())
    default:
      throw error("unexpected \(describeByte(at: index)), expected a value")
    }
  }

  private mutating func expectWord(_ word: StaticString) throws(ManifestError) {
    let count = word.utf8CodeUnitCount
    let start = index
    guard start + count <= bytes.count else { throw error("unexpected \(describeByte(at: index)), expected a value") }
    for offset in 0..<count where bytes[start + offset] != word.utf8Start[offset] {
      throw error("unexpected \(describeByte(at: start)), expected a value")
    }
    index += count
  }

  private mutating func checkDepth(_ depth: Int) throws(ManifestError) {
    if depth > maxDepth {
      throw error(
        "nesting deeper than \(maxDepth) levels", code: .limitExceeded,
        hint: "a manifest is never nested this deeply; is the input a manifest?")
    }
  }

  private mutating func parseObject(depth: Int) throws(ManifestError) -> JSONValue {
    try checkDepth(depth)
    let open = index
    index += 1
    var object = JSONObject()
    var keySet: Set<String>?
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(object)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count else {
        throw error("unexpected end of input inside the object opened at line \(JSONParser.lineAndColumn(of: open, in: bytes).line)")
      }
      guard bytes[index] == UInt8(ascii: "\"") else {
        throw error("unexpected \(describeByte(at: index)), expected a member name in double quotes")
      }
      let keyOffset = index
      let key = try parseString()
      let repeated: Bool
      if let keySet {
        repeated = keySet.contains(key)
      } else if object.count < 32 {
        repeated = object[key] != nil
      } else {
        keySet = Set(object.keys)
        repeated = keySet!.contains(key)
      }
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw error("unexpected \(describeByte(at: index)), expected ':' after the member name")
      }
      index += 1
      let value = try parseValue(depth: depth)
      if repeated {
        // The later value wins, as in Go's encoding/json.
        object[key] = value
        warnings.append(error("duplicate key \"\(key)\"", at: keyOffset, hint: "the later value is used and the earlier one ignored"))
      } else {
        object.append(key, value)
        keySet?.insert(key)
      }
      skipWhitespace()
      guard index < bytes.count else {
        throw error("unexpected end of input inside the object opened at line \(JSONParser.lineAndColumn(of: open, in: bytes).line)")
      }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(object)
      }
      throw error("unexpected \(describeByte(at: index)), expected ',' or '}'")
    }
  }

  private mutating func parseArray(depth: Int) throws(ManifestError) -> JSONValue {
    try checkDepth(depth)
    let open = index
    index += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      elements.append(try parseValue(depth: depth))
      skipWhitespace()
      guard index < bytes.count else {
        throw error("unexpected end of input inside the array opened at line \(JSONParser.lineAndColumn(of: open, in: bytes).line)")
      }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(elements)
      }
      throw error("unexpected \(describeByte(at: index)), expected ',' or ']'")
    }
  }

  private mutating func parseNumber() throws(ManifestError) -> JSONNumber {
    let start = index
    while index < bytes.count, JSONParser.isNumberByte(bytes[index]) { index += 1 }
    let slice = Array(bytes[start..<index])[...]
    guard JSONNumber.isValid(slice) else {
      throw error("malformed number \"\(String(decoding: slice, as: UTF8.self))\"", at: start)
    }
    return JSONNumber(validatedText: String(decoding: slice, as: UTF8.self))
  }

  private static func isNumberByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
      UInt8(ascii: "e"), UInt8(ascii: "E"):
      return true
    default:
      return false
    }
  }

  private mutating func parseString() throws(ManifestError) -> String {
    let open = index
    index += 1
    let start = index
    // Fast path: no escapes.
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
        index += 1
        guard let string = String(validating: slice, as: UTF8.self) else {
          throw error("invalid UTF-8 in a string", at: start)
        }
        return string
      }
      if byte == UInt8(ascii: "\\") { break }
      if byte < 0x20 { throw error("control character (byte 0x\(String(byte, radix: 16))) in a string; write it as an escape such as \\n") }
      index += 1
    }
    // Slow path: decode escapes into a buffer.
    var buffer = Array(bytes[start..<index])
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        guard let string = String(validating: buffer, as: UTF8.self) else {
          throw error("invalid UTF-8 in a string", at: start)
        }
        return string
      case UInt8(ascii: "\\"):
        index += 1
        guard index < bytes.count else { break }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try parseHex4()
          if (0xD800..<0xDC00).contains(scalar) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
              throw error("unpaired surrogate \\u\(String(scalar, radix: 16)) in a string")
            }
            index += 2
            let low = try parseHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a string") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else if (0xDC00..<0xE000).contains(scalar) {
            throw error("unpaired surrogate \\u\(String(scalar, radix: 16)) in a string")
          }
          guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
          buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
          throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))' in a string", at: index - 2)
        }
      default:
        if byte < 0x20 {
          throw error("control character (byte 0x\(String(byte, radix: 16))) in a string; write it as an escape such as \\n")
        }
        buffer.append(byte)
        index += 1
      }
    }
    throw error("unterminated string starting at line \(JSONParser.lineAndColumn(of: open, in: bytes).line)", at: open)
  }

  private mutating func parseHex4() throws(ManifestError) -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw error("invalid \\u escape")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }

  // MARK: Locating a path

  private mutating func locate(_ path: ArraySlice<ValuePath.Component>, found: Int) -> Int? {
    guard let component = path.first else { return found }
    skipWhitespace()
    guard index < bytes.count else { return found }
    switch (component, bytes[index]) {
    case (.key(let wanted), UInt8(ascii: "{")):
      index += 1
      while true {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return found }
        let keyOffset = index
        guard let key = try? parseString() else { return found }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return found }
        index += 1
        if key == wanted { return locate(path.dropFirst(), found: keyOffset) }
        guard (try? parseValue(depth: 0)) != nil else { return found }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return found }
        index += 1
      }
    case (.index(let wanted), UInt8(ascii: "[")):
      index += 1
      var position = 0
      while true {
        skipWhitespace()
        if position == wanted { return locate(path.dropFirst(), found: index) }
        guard (try? parseValue(depth: 0)) != nil else { return found }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return found }
        index += 1
        position += 1
      }
    default:
      return found
    }
  }
}
