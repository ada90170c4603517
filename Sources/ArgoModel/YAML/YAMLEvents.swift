import CYaml

/// One event of libyaml's parser, copied out of its C structure.
struct YAMLEvent {
  enum Kind {
    case streamStart, streamEnd, documentStart, documentEnd
    case scalar, alias, sequenceStart, sequenceEnd, mappingStart, mappingEnd
  }

  var kind: Kind
  /// 1-based line and column where the event starts.
  var line: Int
  var column: Int
  var anchor: String?
  var tag: String?
  /// The scalar's text, or the alias's anchor name.
  var value: String
  /// Whether the scalar is plain (unquoted, not a block scalar), so that its type is resolved
  /// from its text.
  var isPlain: Bool
}

/// libyaml's event parser over a byte buffer that outlives it. Nothing here recurses, so any
/// nesting is safe; limits are the composer's job.
final class YAMLEventParser {
  private let parser: UnsafeMutablePointer<yaml_parser_t>
  private let buffer: UnsafeBufferPointer<UInt8>

  /// Starts parsing `buffer`, which must stay valid and unchanged while the parser is used.
  init(buffer: UnsafeBufferPointer<UInt8>) {
    self.buffer = buffer
    parser = .allocate(capacity: 1)
    yaml_parser_initialize(parser)
    yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
  }

  deinit {
    yaml_parser_delete(parser)
    parser.deallocate()
  }

  func next() throws(ManifestError) -> YAMLEvent {
    var event = yaml_event_t()
    guard yaml_parser_parse(parser, &event) == 1 else {
      throw parserError()
    }
    defer { yaml_event_delete(&event) }
    var result = YAMLEvent(
      kind: .streamEnd, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1,
      anchor: nil, tag: nil, value: "", isPlain: false)
    switch event.type {
    case YAML_STREAM_START_EVENT: result.kind = .streamStart
    case YAML_STREAM_END_EVENT: result.kind = .streamEnd
    case YAML_DOCUMENT_START_EVENT: result.kind = .documentStart
    case YAML_DOCUMENT_END_EVENT: result.kind = .documentEnd
    case YAML_ALIAS_EVENT:
      result.kind = .alias
      result.value = Self.string(event.data.alias.anchor) ?? ""
    case YAML_SCALAR_EVENT:
      result.kind = .scalar
      let scalar = event.data.scalar
      result.anchor = Self.string(scalar.anchor)
      result.tag = Self.string(scalar.tag)
      if let value = scalar.value {
        result.value = String(decoding: UnsafeBufferPointer(start: value, count: Int(scalar.length)), as: UTF8.self)
      }
      result.isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE && result.tag == nil
    case YAML_SEQUENCE_START_EVENT:
      result.kind = .sequenceStart
      result.anchor = Self.string(event.data.sequence_start.anchor)
      result.tag = Self.string(event.data.sequence_start.tag)
    case YAML_SEQUENCE_END_EVENT: result.kind = .sequenceEnd
    case YAML_MAPPING_START_EVENT:
      result.kind = .mappingStart
      result.anchor = Self.string(event.data.mapping_start.anchor)
      result.tag = Self.string(event.data.mapping_start.tag)
    case YAML_MAPPING_END_EVENT: result.kind = .mappingEnd
    default:
      throw ManifestError(.syntax, "unexpected YAML event")
    }
    return result
  }

  /// Whether the 0-based line `number` starts with whitespace that contains a tab.
  private func lineIndentsWithTab(_ number: Int) -> Bool {
    var line = 0
    var index = 0
    while index < buffer.count, line < number {
      if buffer[index] == 0x0A { line += 1 }
      index += 1
    }
    while index < buffer.count, buffer[index] == 0x20 || buffer[index] == 0x09 {
      if buffer[index] == 0x09 { return true }
      index += 1
    }
    return false
  }

  private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }

  private func parserError() -> ManifestError {
    let state = parser.pointee
    var message = state.problem.map { String(cString: $0) } ?? "malformed YAML"
    if let context = state.context.map({ String(cString: $0) }) {
      message += " (\(context)"
      if state.context_mark.line != state.problem_mark.line {
        message += " started at line \(state.context_mark.line + 1)"
      }
      message += ")"
    }
    var hint: String?
    var code = ManifestError.Code.syntax
    if message.contains("Maximum nesting level") {
      code = .limitExceeded
      message = "nesting too deep"
      hint = "a manifest is never nested this deeply; is the input a manifest?"
    } else if message.contains("control characters") || message.contains("UTF-8") || message.contains("octet") {
      hint = "the input is not UTF-8 text; is it a manifest?"
    } else if message.contains("tab") || lineIndentsWithTab(Int(state.problem_mark.line)) {
      hint = "YAML indents with spaces only, and this line has a tab"
    }
    var error = ManifestError(code, message, hint: hint)
    if state.error == YAML_READER_ERROR {
      // The reader (bad UTF-8, a NUL or another control character) leaves the marks at the
      // start and gives the byte offset of the problem instead.
      let position = position(ofByte: Int(state.problem_offset))
      error.line = position.line
      error.column = position.column
    } else {
      error.line = Int(state.problem_mark.line) + 1
      error.column = Int(state.problem_mark.column) + 1
    }
    return error
  }

  /// The 1-based line and column (in characters: UTF-8 continuation bytes are not counted) of
  /// the byte at `offset`.
  func position(ofByte offset: Int) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for byte in buffer[..<min(max(offset, 0), buffer.count)] {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return (line, column)
  }
}
