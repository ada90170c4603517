#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads manifest files: YAML (one or many documents) or JSON (one value or a stream), into
/// model values, dispatched on each document's `kind`.
///
/// Errors name the file, the line and the path inside the document:
///
/// ```swift
/// let reader = ManifestReader()
/// for document in try reader.read(contentsOf: "workflow.yaml") {
///   if case .workflow(let workflow) = document.manifest { print(workflow.spec.entrypoint ?? "") }
/// }
/// // workflow.yaml:14: spec.templates[2].dag.tasks[0].arguments: expected a mapping, found a sequence
/// ```
public struct ManifestReader: Sendable {
  /// How strictly to read, and the limits that keep hostile input from exhausting the machine.
  public struct Options: Sendable {
    /// Strict by default: unknown fields and missing required fields are errors.
    public var decoding: ModelDecodingOptions = .strict
    /// The deepest nesting of mappings and sequences accepted. Argo's and Hera's examples
    /// never pass 12; the limit keeps deeply nested input from exhausting a thread's stack.
    public var maxDepth: Int = 128
    /// The largest input accepted, in bytes (Kubernetes stores objects up to about 1.5 MB).
    public var maxBytes: Int = 256 << 20
    /// Whether Kubernetes objects of other API groups (ConfigMaps, PVCs) are kept as they are;
    /// when `false` they are errors.
    public var allowsOtherKinds = true

    public init() {}

    /// Strict reading with the default limits.
    public static var strict: Options { Options() }

    /// Lenient reading: unknown fields are kept and missing required fields tolerated.
    public static var preserving: Options {
      var options = Options()
      options.decoding = .preserving
      return options
    }
  }

  public var options: Options

  public init(options: Options = Options()) {
    self.options = options
  }

  // MARK: Reading

  /// Reads the manifests of a file, or of standard input when `path` is `-`.
  ///
  /// - Parameters:
  ///   - path: A file path, or `-` for standard input.
  ///   - format: The format; by default implied by the file's extension, else recognised from
  ///     the text.
  /// - Throws: `ManifestError` when the file cannot be read, is larger than `maxBytes`, or a
  ///   document is malformed or does not fit its kind.
  public func read(contentsOf path: String, format: ManifestFormat? = nil) throws(ManifestError) -> [ManifestDocument] {
    let bytes = try ManifestReader.readFile(path, maxBytes: options.maxBytes)
    return try read(bytes, source: path, format: format ?? ManifestFormat.implied(byPath: path))
  }

  /// Reads the manifests of a text.
  public func read(_ text: String, source: String? = nil, format: ManifestFormat? = nil) throws(ManifestError) -> [ManifestDocument] {
    try read(Array(text.utf8), source: source, format: format)
  }

  /// Reads the manifests of UTF-8 (or UTF-16, for YAML with a byte order mark) bytes.
  public func read(_ bytes: [UInt8], source: String? = nil, format: ManifestFormat? = nil) throws(ManifestError) -> [ManifestDocument] {
    let (documents, text) = try parse(bytes, source: source, format: format)
    var result: [ManifestDocument] = []
    result.reserveCapacity(documents.count)
    for (index, document) in documents.enumerated() {
      do {
        for manifest in try manifests(in: document.value) {
          result.append(
            ManifestDocument(
              manifest: manifest, text: text, line: document.line, index: index, position: document.position,
              warnings: document.warnings))
        }
      } catch {
        throw place(error, text: text, document: document, index: index)
      }
    }
    return result
  }

  /// Reads the documents of a text as JSON values, without the model.
  public func values(_ bytes: [UInt8], source: String? = nil, format: ManifestFormat? = nil) throws(ManifestError) -> [JSONValue] {
    try parse(bytes, source: source, format: format).documents.map(\.value)
  }

  /// Reads one value of a model type from a text holding a single document: for a server's
  /// answer or a fragment of a manifest.
  public func decode<Value: JSONConvertible>(
    _ type: Value.Type, from bytes: [UInt8], source: String? = nil, format: ManifestFormat? = nil
  ) throws(ManifestError) -> Value {
    let (documents, text) = try parse(bytes, source: source, format: format)
    guard documents.count == 1 else {
      var error = ManifestError(.syntax, "expected one document, found \(documents.count)")
      error.source = source
      throw error
    }
    do {
      return try Value(json: documents[0].value, options: options.decoding)
    } catch {
      throw place(error, text: text, document: documents[0], index: 0)
    }
  }

  // MARK: Steps

  private struct RawDocument {
    var value: JSONValue
    var line: Int
    var position: Int
    var warnings: [ManifestError]
  }

  /// The documents of a text as JSON values, and the text kept for locating errors.
  private func parse(
    _ bytes: [UInt8], source: String?, format: ManifestFormat?
  ) throws(ManifestError) -> (documents: [RawDocument], text: SourceText) {
    guard bytes.count <= options.maxBytes else {
      var error = ManifestError(
        .limitExceeded, "the input is \(bytes.count) bytes, more than the \(options.maxBytes) accepted",
        hint: "Kubernetes objects are at most about 1.5 MB; split the file, or raise the limit")
      error.source = source
      throw error
    }
    let chosen = format ?? ManifestReader.sniff(bytes)
    do throws(ManifestError) {
      if chosen == .json {
        do throws(ManifestError) {
          return try parseJSON(bytes, source: source)
        } catch {
          // Text that starts like JSON may still be YAML (`{kind: Workflow}`): try it as YAML, and
          // report the JSON error only if that fails too.
          if format == nil, let yaml = try? parseYAML(bytes, source: source) { return yaml }
          throw error
        }
      }
      return try parseYAML(bytes, source: source)
    } catch {
      var error = error
      error.source = source
      throw error
    }
  }

  private func parseJSON(_ bytes: [UInt8], source: String?) throws(ManifestError) -> (documents: [RawDocument], text: SourceText) {
    let text = SourceText(name: source, bytes: bytes, format: .json)
    let documents = try JSONParser.parseStream(bytes, maxDepth: options.maxDepth)
    return (
      documents.map { document in
        RawDocument(
          value: document.value, line: text.locate(ValuePath.root, position: document.offset)?.line ?? 1,
          position: document.offset, warnings: document.warnings.map { $0.from(text) })
      }, text
    )
  }

  private func parseYAML(_ bytes: [UInt8], source: String?) throws(ManifestError) -> (documents: [RawDocument], text: SourceText) {
    let text = SourceText(name: source, bytes: bytes, format: .yaml)
    let composer = YAMLComposer(maxDepth: options.maxDepth)
    let result: Result<[YAMLComposer.Document], ManifestError> = bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(ManifestError) in try composer.documents(in: buffer) }
    }
    let documents = try result.get()
    return (
      documents.map {
        RawDocument(value: $0.value, line: $0.line, position: $0.streamIndex, warnings: $0.warnings.map { $0.from(text) })
      }, text
    )
  }

  /// The manifests of one document: one, or each item of a `List`.
  private func manifests(in value: JSONValue) throws(ManifestError) -> [Manifest] {
    if case .object(let object) = value, let kind = object["kind"]?.stringValue, kind == "List" || kind.hasSuffix("List"),
      case .array(let items)? = object["items"]
    {
      // `kubectl get -o yaml` writes a v1 List; the Argo Server answers WorkflowList and the
      // like, whose items carry no kind.
      let itemKind = kind == "List" ? nil : String(kind.dropLast(4))
      var result: [Manifest] = []
      for (index, item) in items.enumerated() {
        var item = item
        if let itemKind, case .object(var itemObject) = item, itemObject["kind"] == nil {
          itemObject["kind"] = .string(itemKind)
          if itemObject["apiVersion"] == nil, let apiVersion = object["apiVersion"] { itemObject["apiVersion"] = apiVersion }
          item = .object(itemObject)
        }
        do {
          result.append(try manifest(item))
        } catch {
          throw error.nested(in: .index(index)).nested(in: .key("items"))
        }
      }
      return result
    }
    return [try manifest(value)]
  }

  private func manifest(_ value: JSONValue) throws(ManifestError) -> Manifest {
    let manifest = try Manifest(json: value, options: options.decoding)
    if case .kubernetes(let object) = manifest, !options.allowsOtherKinds {
      throw ManifestError(
        .unknownKind, "a \(object["kind"]?.stringValue ?? "") is not an Argo resource", path: ValuePath([.key("kind")]),
        hint: "expected one of " + Manifest.argoKinds.joined(separator: ", "))
    }
    return manifest
  }

  /// The error with its file, line and document.
  private func place(_ error: ManifestError, text: SourceText, document: RawDocument, index: Int) -> ManifestError {
    var error = error
    error.source = text.name
    error.documentIndex = index
    error.speaksYAML = text.format == .yaml
    if let position = text.locate(error.path, position: document.position) {
      error.line = position.line
      error.column = position.column
    } else {
      error.line = document.line
    }
    return error
  }

  /// JSON when the first significant character opens an object or an array, else YAML.
  static func sniff(_ bytes: [UInt8]) -> ManifestFormat {
    var index = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      case UInt8(ascii: "{"), UInt8(ascii: "["): return .json
      default: return .yaml
      }
    }
    return .yaml
  }

  // MARK: Files

  /// The bytes of a file or of standard input (`-`), refusing anything larger than `maxBytes`
  /// before reading it.
  public static func readFile(_ path: String, maxBytes: Int) throws(ManifestError) -> [UInt8] {
    func failure(_ code: ManifestError.Code, _ message: String, hint: String? = nil) -> ManifestError {
      var error = ManifestError(code, message, hint: hint)
      error.source = path
      return error
    }
    let descriptor: Int32
    if path == "-" {
      descriptor = 0
    } else {
      descriptor = open(path, O_RDONLY)
      guard descriptor >= 0 else {
        let reason = String(cString: strerror(errno))
        throw failure(.unreadable, "cannot open: \(reason)")
      }
    }
    defer { if descriptor != 0 { close(descriptor) } }
    var status = stat()
    if fstat(descriptor, &status) == 0 {
      if (status.st_mode & S_IFMT) == S_IFDIR {
        throw failure(.unreadable, "is a directory", hint: "give the manifest files inside it")
      }
      if (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) > maxBytes {
        throw failure(
          .limitExceeded, "the file is \(status.st_size) bytes, more than the \(maxBytes) accepted",
          hint: "Kubernetes objects are at most about 1.5 MB; is this a manifest?")
      }
    }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw failure(.unreadable, "cannot read: \(String(cString: strerror(errno)))")
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
      if bytes.count > maxBytes {
        throw failure(
          .limitExceeded, "the input is more than the \(maxBytes) bytes accepted",
          hint: "Kubernetes objects are at most about 1.5 MB; is this a manifest?")
      }
    }
    return bytes
  }
}

/// The system's `read`, which the reader's own `read` methods hide inside the type.
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}

extension ManifestError {
  /// The error as coming from a text.
  fileprivate func from(_ text: SourceText) -> ManifestError {
    var copy = self
    copy.source = text.name
    copy.speaksYAML = text.format == .yaml
    return copy
  }
}
