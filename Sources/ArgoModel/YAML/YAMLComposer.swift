/// Builds JSON values from YAML text, one per document, the way Kubernetes reads manifests.
///
/// Scalars are typed as go-yaml does for Kubernetes (YAML 1.1): plain `true`/`yes`/`on` are
/// Booleans, `0x1F` and `0755` are integers, `~` is null; quoted and block scalars are strings.
/// Mapping keys are kept as written. Merge keys (`<<`) are applied, duplicate keys rejected.
///
/// The composer is iterative, so depth costs no stack. `maxDepth` bounds nesting after aliases
/// are expanded (an alias to a deep node, placed deep, adds the two depths), so that nothing
/// which later walks the value recursively can exhaust a stack. The alias budget bounds what
/// aliases may add, in values and in bytes of text, so that a small document cannot expand to
/// gigabytes (a "billion laughs" document, or one long string aliased a thousand times, fails
/// fast, at the alias that goes over).
struct YAMLComposer {
  struct Document {
    var value: JSONValue
    /// 1-based line where the document's content starts.
    var line: Int
    /// The document's position in the stream, counting empty documents.
    var streamIndex: Int
    /// Problems that did not stop reading, such as a key written twice.
    var warnings: [ManifestError]
  }

  var maxDepth: Int

  /// A value composed so far, with what it costs once expanded wherever it is aliased.
  private struct Composed {
    var value: JSONValue
    /// The values it holds, itself included.
    var nodes: Int
    /// The bytes of text of its scalars and keys.
    var bytes: Int
    /// How many collections deep it goes: 0 for a scalar, 1 for a collection of scalars.
    var height: Int
  }

  /// What aliases may add to a stream of `inputBytes` bytes of which `ownNodes` values were
  /// written out: ten times the input, and never less than 100,000 values and 4 MiB of text, which
  /// is far beyond what anchors in a manifest share.
  static func aliasBudget(inputBytes: Int, ownNodes: Int) -> (nodes: Int, bytes: Int) {
    (max(100_000, 10 * ownNodes), max(4 << 20, 10 * inputBytes))
  }

  /// An open sequence or mapping. A struct mutated in place through the stack, so that appending
  /// to a long sequence never copies it.
  private struct Frame {
    var isMapping: Bool
    var anchor: String?
    var nodes = 1
    var bytes = 0
    /// The greatest height of a child (see `Composed.height`).
    var childHeight = 0
    var elements: [JSONValue] = []
    var object = JSONObject()
    var keySet: Set<String>?
    var pendingKey: String?
    var pendingKeyIsMerge = false
    var pendingKeyRepeats = false
    var merged: [JSONObject] = []

    var awaitsKey: Bool { isMapping && pendingKey == nil }

    mutating func containsKey(_ key: String) -> Bool {
      if let keySet { return keySet.contains(key) }
      if object.count < 16 { return object[key] != nil }
      keySet = Set(object.keys)
      return keySet!.contains(key)
    }

    /// Adds a completed child value.
    mutating func add(_ composed: Composed, line: Int) throws(ManifestError) {
      let value = composed.value
      nodes += composed.nodes
      bytes += composed.bytes
      childHeight = max(childHeight, composed.height)
      guard isMapping else {
        elements.append(value)
        return
      }
      guard let key = pendingKey else {
        throw ManifestError(.syntax, "a mapping key must be a scalar, found \(value.kindName(yaml: true))").at(line: line)
      }
      pendingKey = nil
      guard pendingKeyIsMerge else {
        if pendingKeyRepeats {
          // The later value wins, as when Kubernetes reads the manifest.
          pendingKeyRepeats = false
          object[key] = value
        } else {
          object.append(key, value)
          keySet?.insert(key)
        }
        return
      }
      pendingKeyIsMerge = false
      let mergeError = ManifestError(.syntax, "a merge key (<<) takes a mapping or a list of mappings").at(line: line)
      switch value {
      case .object(let source):
        merged.append(source)
      case .array(let sources):
        for source in sources {
          guard case .object(let object) = source else { throw mergeError }
          merged.append(object)
        }
      default:
        throw mergeError
      }
    }

    /// The finished value: merged keys come first and never override the mapping's own keys;
    /// earlier merge sources win over later ones.
    func composed() -> Composed {
      Composed(value: value(), nodes: nodes, bytes: bytes, height: childHeight + 1)
    }

    private func value() -> JSONValue {
      guard isMapping else { return .array(elements) }
      guard !merged.isEmpty else { return .object(object) }
      var result = JSONObject()
      var seen = Set(object.keys)
      for source in merged {
        for member in source where !seen.contains(member.key) {
          seen.insert(member.key)
          result.append(member.key, member.value)
        }
      }
      for member in object { result.append(member.key, member.value) }
      return .object(result)
    }
  }

  func documents(in buffer: UnsafeBufferPointer<UInt8>) throws(ManifestError) -> [Document] {
    let parser = YAMLEventParser(buffer: buffer)
    var documents: [Document] = []
    var stack: [Frame] = []
    var anchors: [String: Composed] = [:]
    var documentLine = 1
    var streamIndex = -1
    var root: JSONValue?
    var warnings: [ManifestError] = []
    var ownNodes = 0
    var aliasNodes = 0
    var aliasBytes = 0

    func complete(_ composed: Composed, anchor: String?, line: Int) throws(ManifestError) {
      if let anchor { anchors[anchor] = composed }
      if stack.isEmpty {
        root = composed.value
      } else {
        try stack[stack.count - 1].add(composed, line: line)
      }
    }

    func setKey(_ key: String, isMerge: Bool, event: YAMLEvent) throws(ManifestError) {
      let top = stack.count - 1
      stack[top].pendingKey = key
      stack[top].bytes += key.utf8.count
      stack[top].pendingKeyIsMerge = isMerge
      if !isMerge, stack[top].containsKey(key) {
        stack[top].pendingKeyRepeats = true
        warnings.append(
          ManifestError(.syntax, "duplicate key \"\(key)\" in a mapping", hint: "the later value is used and the earlier one ignored")
            .at(line: event.line, column: event.column))
      }
    }

    var awaitingContent = false
    while true {
      let event = try parser.next()
      if awaitingContent, event.kind != .documentEnd {
        awaitingContent = false
        documentLine = event.line
      }
      switch event.kind {
      case .streamStart:
        continue
      case .streamEnd:
        return documents
      case .documentStart:
        anchors.removeAll()
        root = nil
        warnings = []
        documentLine = event.line
        awaitingContent = true
        streamIndex += 1
      case .documentEnd:
        if let root, !root.isNull {
          documents.append(Document(value: root, line: documentLine, streamIndex: streamIndex, warnings: warnings))
        }
      case .scalar:
        ownNodes += 1
        // A scalar in key position is a key, kept as written.
        if stack.last?.awaitsKey == true {
          try setKey(event.value, isMerge: event.isPlain && event.value == "<<", event: event)
          if let anchor = event.anchor {
            anchors[anchor] = Composed(value: .string(event.value), nodes: 1, bytes: event.value.utf8.count, height: 0)
          }
          continue
        }
        let value = try YAMLComposer.resolve(event)
        try complete(
          Composed(value: value, nodes: 1, bytes: event.value.utf8.count, height: 0), anchor: event.anchor, line: event.line)
      case .alias:
        guard let target = anchors[event.value] else {
          throw ManifestError(.syntax, "unknown alias *\(event.value)").at(line: event.line, column: event.column)
        }
        if stack.count + target.height > maxDepth {
          throw ManifestError(
            .limitExceeded,
            "the alias *\(event.value) nests deeper than \(maxDepth) levels: it is \(target.height) levels deep, placed \(stack.count) levels deep",
            hint: "a manifest is never nested this deeply; is the input a manifest?"
          ).at(line: event.line, column: event.column)
        }
        aliasNodes += target.nodes
        aliasBytes += target.bytes
        let budget = YAMLComposer.aliasBudget(inputBytes: buffer.count, ownNodes: ownNodes)
        if aliasNodes > budget.nodes {
          throw ManifestError(
            .limitExceeded, "aliases expand to more than \(budget.nodes) values at the alias *\(event.value)",
            hint: "the document repeats an anchor too often or recursively (a \"billion laughs\" document)"
          ).at(line: event.line, column: event.column)
        }
        if aliasBytes > budget.bytes {
          throw ManifestError(
            .limitExceeded,
            "aliases expand to more than \(budget.bytes >> 20) MiB of text at the alias *\(event.value) (they may add 4 MiB, or 10 times the input)",
            hint: "the document repeats a large anchor too often; write the value once"
          ).at(line: event.line, column: event.column)
        }
        if stack.last?.awaitsKey == true {
          guard let key = target.value.scalarText, target.value.arrayValue == nil, target.value.objectValue == nil else {
            throw ManifestError(.syntax, "a mapping key must be a scalar").at(line: event.line, column: event.column)
          }
          try setKey(key, isMerge: false, event: event)
          continue
        }
        try complete(target, anchor: nil, line: event.line)
      case .sequenceStart, .mappingStart:
        ownNodes += 1
        if stack.last?.awaitsKey == true {
          throw ManifestError(
            .syntax, "a mapping key must be a scalar, found a \(event.kind == .sequenceStart ? "sequence" : "mapping")",
            hint: "complex keys (`? ...`) are not supported in manifests"
          ).at(line: event.line, column: event.column)
        }
        guard stack.count < maxDepth else {
          throw ManifestError(
            .limitExceeded, "nesting deeper than \(maxDepth) levels",
            hint: "a manifest is never nested this deeply; is the input a manifest?"
          ).at(line: event.line, column: event.column)
        }
        stack.append(Frame(isMapping: event.kind == .mappingStart, anchor: event.anchor))
      case .sequenceEnd, .mappingEnd:
        guard let frame = stack.popLast() else {
          throw ManifestError(.syntax, "unbalanced collection").at(line: event.line)
        }
        try complete(frame.composed(), anchor: frame.anchor, line: event.line)
      }
    }
  }

  // MARK: Scalars

  private static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]
  private static let trueWords: Set<String> = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]
  private static let falseWords: Set<String> = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]

  /// The value of a scalar event, typed by its tag or, for plain scalars, by its text.
  static func resolve(_ event: YAMLEvent) throws(ManifestError) -> JSONValue {
    let text = event.value
    if let tag = event.tag {
      switch tag {
      case "tag:yaml.org,2002:str", "!":
        return .string(text)
      case "tag:yaml.org,2002:null":
        return .null
      case "tag:yaml.org,2002:bool":
        if trueWords.contains(text) { return .bool(true) }
        if falseWords.contains(text) { return .bool(false) }
        throw ManifestError(.invalidValue, "\"\(text)\" is not a boolean (tagged !!bool)").at(line: event.line, column: event.column)
      case "tag:yaml.org,2002:int":
        guard let number = integer(text) else {
          throw ManifestError(.invalidValue, "\"\(text)\" is not an integer (tagged !!int)").at(line: event.line, column: event.column)
        }
        return .number(number)
      case "tag:yaml.org,2002:float":
        guard let number = integer(text) ?? float(text) else {
          throw ManifestError(.invalidValue, "\"\(text)\" is not a number (tagged !!float)").at(line: event.line, column: event.column)
        }
        return .number(number)
      default:
        // Other tags (!!binary, application tags) do not change the text.
        return .string(text)
      }
    }
    guard event.isPlain else { return .string(text) }
    return plainValue(text)
  }

  /// The value of a plain scalar's text.
  static func plainValue(_ text: String) -> JSONValue {
    guard let first = text.utf8.first else { return .null }
    switch first {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
      if let number = integer(text) ?? float(text) { return .number(number) }
      return .string(text)
    default:
      if nullWords.contains(text) { return .null }
      if trueWords.contains(text) { return .bool(true) }
      if falseWords.contains(text) { return .bool(false) }
      return .string(text)
    }
  }

  /// An integer as go-yaml reads it: decimal, `0x` hex, `0o` or leading-`0` octal, `0b` binary,
  /// with an optional sign and `_` separators. Written back in decimal.
  static func integer(_ text: String) -> JSONNumber? {
    var digits = text.contains("_") ? Substring(text.filter { $0 != "_" }) : Substring(text)
    var negative = false
    if digits.hasPrefix("-") || digits.hasPrefix("+") {
      negative = digits.hasPrefix("-")
      digits = digits.dropFirst()
    }
    guard !digits.isEmpty else { return nil }
    let radix: Int
    if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
      radix = 16
      digits = digits.dropFirst(2)
    } else if digits.hasPrefix("0o") || digits.hasPrefix("0O") {
      radix = 8
      digits = digits.dropFirst(2)
    } else if digits.hasPrefix("0b") || digits.hasPrefix("0B") {
      radix = 2
      digits = digits.dropFirst(2)
    } else if digits.count > 1, digits.hasPrefix("0") {
      radix = 8
      digits = digits.dropFirst()
    } else {
      radix = 10
    }
    guard !digits.isEmpty, digits.first != "-", digits.first != "+", let magnitude = UInt64(digits, radix: radix) else {
      return nil
    }
    if radix == 10, !text.contains("_"), JSONNumber.isValid(Array(text.utf8)[...]) {
      return JSONNumber(validatedText: text)
    }
    if negative {
      guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
      return JSONNumber(validatedText: magnitude == UInt64(Int64.max) + 1 ? String(Int64.min) : String(-Int64(magnitude)))
    }
    return JSONNumber(validatedText: String(magnitude))
  }

  /// A float as go-yaml reads it (`1.5`, `.5`, `1.`, `1e3`, `-2.5E-3`), in JSON's syntax.
  /// `.inf` and `.nan` are not numbers in JSON and are left as text by the caller.
  static func float(_ text: String) -> JSONNumber? {
    let bytes = Array(text.utf8)
    // [-+]? ( \.[0-9]+ | [0-9]+ (\.[0-9]*)? ) ([eE][-+]?[0-9]+)?
    var index = 0
    var sign = ""
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
      if bytes[index] == UInt8(ascii: "-") { sign = "-" }
      index += 1
    }
    func digits() -> String {
      let start = index
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }
    var integerPart = digits()
    var fraction: String?
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      fraction = digits()
    }
    guard !integerPart.isEmpty || !(fraction ?? "").isEmpty else { return nil }
    var exponent = ""
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      var exponentSign = ""
      if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
        exponentSign = bytes[index] == UInt8(ascii: "-") ? "-" : "+"
        index += 1
      }
      let exponentDigits = digits()
      guard !exponentDigits.isEmpty else { return nil }
      exponent = "e" + exponentSign + exponentDigits
    }
    guard index == bytes.count else { return nil }
    if JSONNumber.isValid(bytes[...]) { return JSONNumber(validatedText: text) }
    // Rewrite in JSON's syntax: no leading '+', no bare '.', no leading zeros.
    while integerPart.count > 1, integerPart.hasPrefix("0") { integerPart.removeFirst() }
    if integerPart.isEmpty { integerPart = "0" }
    var json = sign + integerPart
    if let fraction, !fraction.isEmpty { json += "." + fraction }
    json += exponent
    return JSONNumber(json)
  }
}

extension ManifestError {
  /// The same error placed at a line (and column).
  func at(line: Int, column: Int? = nil) -> ManifestError {
    var copy = self
    copy.line = line
    copy.column = column
    return copy
  }
}
