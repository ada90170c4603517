/// Why a manifest could not be read: where (file, line, path inside the document) and what to do.
///
/// Its description is one line a person can act on, in the form compilers use:
///
/// ```
/// workflow.yaml:14: spec.templates[2].dag.tasks[0].arguments: expected a mapping, found a sequence
/// ```
public struct ManifestError: Error, Sendable, CustomStringConvertible {
  /// The kind of problem, for programs that react to some of them.
  public struct Code: Sendable, Hashable, CustomStringConvertible {
    let rawValue: String
    public var description: String { rawValue }

    /// The text is not well-formed YAML or JSON.
    public static let syntax = Code(rawValue: "syntax")
    /// A value has the wrong type for its field (a list where a mapping belongs, ...).
    public static let typeMismatch = Code(rawValue: "type mismatch")
    /// A field that Argo's schema does not define (strict reading only).
    public static let unknownField = Code(rawValue: "unknown field")
    /// A field that Argo's schema requires is absent.
    public static let missingField = Code(rawValue: "missing field")
    /// A value has the right type but cannot be used (a fraction where an integer belongs, ...).
    public static let invalidValue = Code(rawValue: "invalid value")
    /// The document's `kind` is not one this model reads.
    public static let unknownKind = Code(rawValue: "unknown kind")
    /// The input passes a safety limit: size, nesting depth or alias expansion.
    public static let limitExceeded = Code(rawValue: "limit exceeded")
    /// The file could not be read at all.
    public static let unreadable = Code(rawValue: "unreadable")
  }

  enum ValueKind: Sendable {
    case object, array, string, number, integer, boolean, scalar, stringOrInteger

    func name(yaml: Bool) -> String {
      switch self {
      case .object: return yaml ? "a mapping" : "an object"
      case .array: return yaml ? "a sequence" : "an array"
      case .string: return "a string"
      case .number: return "a number"
      case .integer: return "an integer"
      case .boolean: return "a boolean (true or false)"
      case .scalar: return "a string, number or boolean"
      case .stringOrInteger: return "a string or an integer"
      }
    }
  }

  private enum Problem: Sendable {
    case typeMismatch(expected: ValueKind, found: JSONValue)
    case text(String)
  }

  /// The fields, out of line: errors travel through every level of a deep decode (typed throws
  /// reserve room for one at each call site), so the error itself is one pointer.
  private final class Storage: Sendable {
    let code: Code
    let problem: Problem
    let source: String?
    let line: Int?
    let column: Int?
    let documentIndex: Int?
    let path: ValuePath
    let hint: String?
    let speaksYAML: Bool

    init(
      code: Code, problem: Problem, source: String?, line: Int?, column: Int?, documentIndex: Int?, path: ValuePath,
      hint: String?, speaksYAML: Bool
    ) {
      self.code = code
      self.problem = problem
      self.source = source
      self.line = line
      self.column = column
      self.documentIndex = documentIndex
      self.path = path
      self.hint = hint
      self.speaksYAML = speaksYAML
    }

    func with(
      source: String?? = nil, line: Int?? = nil, column: Int?? = nil, documentIndex: Int?? = nil, path: ValuePath? = nil,
      hint: String?? = nil, speaksYAML: Bool? = nil
    ) -> Storage {
      Storage(
        code: code, problem: problem, source: source ?? self.source, line: line ?? self.line, column: column ?? self.column,
        documentIndex: documentIndex ?? self.documentIndex, path: path ?? self.path, hint: hint ?? self.hint,
        speaksYAML: speaksYAML ?? self.speaksYAML)
    }
  }

  private var storage: Storage

  /// The kind of problem.
  public var code: Code { storage.code }
  /// The file the document came from (`-` for standard input), when known.
  public internal(set) var source: String? {
    get { storage.source }
    set { storage = storage.with(source: .some(newValue)) }
  }
  /// The 1-based line, when known.
  public internal(set) var line: Int? {
    get { storage.line }
    set { storage = storage.with(line: .some(newValue)) }
  }
  /// The 1-based column, when known.
  public internal(set) var column: Int? {
    get { storage.column }
    set { storage = storage.with(column: .some(newValue)) }
  }
  /// The 0-based index of the document in a multi-document stream, when known.
  public internal(set) var documentIndex: Int? {
    get { storage.documentIndex }
    set { storage = storage.with(documentIndex: .some(newValue)) }
  }
  /// The place inside the document.
  public internal(set) var path: ValuePath {
    get { storage.path }
    set { storage = storage.with(path: newValue) }
  }
  /// What to try, when there is something to say.
  public internal(set) var hint: String? {
    get { storage.hint }
    set { storage = storage.with(hint: .some(newValue)) }
  }
  /// Whether to speak of mappings and sequences (YAML) rather than objects and arrays (JSON).
  var speaksYAML: Bool {
    get { storage.speaksYAML }
    set { storage = storage.with(speaksYAML: newValue) }
  }

  init(_ code: Code, _ message: String, path: ValuePath = .root, hint: String? = nil) {
    storage = Storage(
      code: code, problem: .text(message), source: nil, line: nil, column: nil, documentIndex: nil, path: path, hint: hint,
      speaksYAML: true)
  }

  static func typeMismatch(expected: ValueKind, found: JSONValue) -> ManifestError {
    ManifestError(code: .typeMismatch, problem: .typeMismatch(expected: expected, found: found))
  }

  private init(code: Code, problem: Problem) {
    storage = Storage(
      code: code, problem: problem, source: nil, line: nil, column: nil, documentIndex: nil, path: .root, hint: nil,
      speaksYAML: true)
  }

  /// The problem alone, without its place.
  public var message: String {
    switch storage.problem {
    case .text(let text):
      return text
    case .typeMismatch(let expected, let found):
      var text = "expected \(expected.name(yaml: speaksYAML)), found \(found.kindName(yaml: speaksYAML))"
      if let scalar = found.scalarText, !scalar.isEmpty, found.arrayValue == nil {
        let shown = scalar.count > 40 ? String(scalar.prefix(40)) + "…" : scalar
        if case .string = found { text += " \"\(shown)\"" } else { text += " \(shown)" }
      }
      return text
    }
  }

  public var description: String {
    var text = ""
    if let source { text += source + ":" }
    if let line { text += "\(line):" }
    if !text.isEmpty { text += " " }
    if !path.isEmpty { text += "\(path): " }
    text += message
    if let hint { text += " (\(hint))" }
    return text
  }

  /// The same error one level further out: `component` is prepended to the path.
  func nested(in component: ValuePath.Component) -> ManifestError {
    var copy = self
    copy.path = ValuePath([component] + path.components)
    return copy
  }
}
