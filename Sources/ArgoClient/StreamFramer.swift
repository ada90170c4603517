/// Cuts a streamed answer of the Argo Server into its messages.
///
/// The server frames a stream by what the request accepted: newline-delimited JSON by default,
/// server-sent events (`data: {...}` then a blank line, with `:` keep-alive comments) for
/// `Accept: text/event-stream`. Bytes arrive in arbitrary chunks; a message may span many.
struct StreamFramer {
  enum Framing: Sendable {
    case lines
    case serverSentEvents
  }

  let framing: Framing
  private var buffer: [UInt8] = []
  /// Where the search for the next newline resumes, so that a long message arriving in many
  /// chunks is scanned once.
  private var scanned = 0
  /// The `data:` lines of the event being read (server-sent events only).
  private var eventData: [UInt8] = []
  private var eventHasData = false

  init(framing: Framing) {
    self.framing = framing
  }

  /// The framing an answer uses, from its `Content-Type`.
  static func framing(contentType: String?) -> Framing {
    contentType?.lowercased().hasPrefix("text/event-stream") == true ? .serverSentEvents : .lines
  }

  /// Adds bytes; returns the payloads of the messages they complete.
  mutating func append(_ bytes: [UInt8]) -> [[UInt8]] {
    buffer += bytes
    var messages: [[UInt8]] = []
    var lineStart = 0
    var index = scanned
    while index < buffer.count {
      if buffer[index] == UInt8(ascii: "\n") {
        var line = buffer[lineStart..<index]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        if let message = take(line) { messages.append(message) }
        lineStart = index + 1
      }
      index += 1
    }
    buffer.removeFirst(lineStart)
    scanned = buffer.count
    return messages
  }

  /// The message left when the stream ends without a final newline.
  mutating func finish() -> [[UInt8]] {
    var messages: [[UInt8]] = []
    if !buffer.isEmpty, let message = take(buffer[...]) { messages.append(message) }
    buffer = []
    scanned = 0
    if framing == .serverSentEvents, eventHasData {
      messages.append(eventData)
      eventData = []
      eventHasData = false
    }
    return messages
  }

  private mutating func take(_ line: ArraySlice<UInt8>) -> [UInt8]? {
    switch framing {
    case .lines:
      let trimmed = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
      return trimmed.isEmpty ? nil : Array(trimmed)
    case .serverSentEvents:
      if line.isEmpty {
        // A blank line ends the event.
        guard eventHasData else { return nil }
        defer {
          eventData = []
          eventHasData = false
        }
        return eventData
      }
      if line.first == UInt8(ascii: ":") { return nil }  // a keep-alive comment
      let data = Array("data".utf8)
      guard line.starts(with: data) else { return nil }  // event:, id:, retry: are not used
      var value = line.dropFirst(data.count)
      if let colon = value.first {
        guard colon == UInt8(ascii: ":") else { return nil }  // a field named e.g. `database`
        value = value.dropFirst()
      }
      if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
      if eventHasData { eventData.append(UInt8(ascii: "\n")) }
      eventData += value
      eventHasData = true
      return nil
    }
  }
}
