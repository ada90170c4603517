/// Finds where a path of a document is written, to give a decoding error its line.
///
/// Runs on the error path only: it parses the text again up to the place wanted.
enum YAMLLocator {
  private struct Frame {
    var isMapping: Bool
    /// Whether this collection lies on the path wanted.
    var onPath: Bool
    /// The length of this collection's own path.
    var depth: Int
    var nextIndex = 0
    var awaitingKey = true
    var currentKeyOnPath = false

    /// Moves past the value just finished.
    mutating func advance() {
      if isMapping {
        awaitingKey = true
        currentKeyOnPath = false
      } else {
        nextIndex += 1
      }
    }
  }

  /// The line and column of the deepest part of `path` found in the document at `streamIndex`:
  /// the key of a member, the start of an element.
  static func locate(
    _ path: ValuePath, in buffer: UnsafeBufferPointer<UInt8>, streamIndex: Int
  ) -> (line: Int, column: Int)? {
    let parser = YAMLEventParser(buffer: buffer)
    let target = path.components
    var stack: [Frame] = []
    var document = -1
    var best: (line: Int, column: Int)?

    /// Whether the node about to start, a value of the top collection, lies on the path.
    func childOnPath(_ event: YAMLEvent) -> Bool {
      guard let top = stack.last else { return true }
      if top.isMapping { return top.currentKeyOnPath }
      guard top.onPath, top.depth < target.count, case .index(let wanted) = target[top.depth],
        top.nextIndex == wanted
      else { return false }
      best = (event.line, event.column)
      return true
    }

    while let event = try? parser.next() {
      switch event.kind {
      case .streamEnd:
        return best
      case .documentStart:
        document += 1
        if document > streamIndex { return best }
        if document == streamIndex { best = (event.line, event.column) }
      case .documentEnd, .streamStart:
        continue
      case .scalar, .alias:
        guard document == streamIndex else { continue }
        if let top = stack.last, top.isMapping, top.awaitingKey {
          var onPath = false
          if top.onPath, top.depth < target.count, case .key(let wanted) = target[top.depth], wanted == event.value {
            onPath = true
            best = (event.line, event.column)
            if top.depth + 1 == target.count { return best }
          }
          stack[stack.count - 1].awaitingKey = false
          stack[stack.count - 1].currentKeyOnPath = onPath
          continue
        }
        if childOnPath(event), (stack.last?.depth ?? -1) + 1 == target.count { return best }
        if !stack.isEmpty { stack[stack.count - 1].advance() }
      case .sequenceStart, .mappingStart:
        guard document == streamIndex else { continue }
        let onPath = childOnPath(event)
        let depth = (stack.last?.depth ?? -1) + 1
        if onPath, depth == target.count { return best }
        stack.append(Frame(isMapping: event.kind == .mappingStart, onPath: onPath, depth: depth))
      case .sequenceEnd, .mappingEnd:
        guard document == streamIndex else { continue }
        stack.removeLast()
        if stack.isEmpty { return best }
        stack[stack.count - 1].advance()
      }
    }
    return best
  }
}
