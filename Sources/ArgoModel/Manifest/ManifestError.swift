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

  public let code: Code
  private let problem: Problem
  /// The file the document came from (`-` for standard input), when known.
  public internal(set) var source: String?
  /// The 1-based line, when known.
  public internal(set) var line: Int?
  /// The 1-based column, when known.
  public internal(set) var column: Int?
  /// The 0-based index of the document in a multi-document stream, when known.
  public internal(set) var documentIndex: Int?
  /// The place inside the document.
  public internal(set) var path: ValuePath
  /// What to try, when there is something to say.
  public internal(set) var hint: String?
  /// Whether to speak of mappings and sequences (YAML) rather than objects and arrays (JSON).
  var speaksYAML = true

  init(_ code: Code, _ message: String, path: ValuePath = .root, hint: String? = nil) {
    self.code = code
    self.problem = .text(message)
    self.path = path
    self.hint = hint
  }

  static func typeMismatch(expected: ValueKind, found: JSONValue) -> ManifestError {
    ManifestError(code: .typeMismatch, problem: .typeMismatch(expected: expected, found: found))
  }

  private init(code: Code, problem: Problem) {
    self.code = code
    self.problem = problem
    self.path = .root
  }

  /// The problem alone, without its place.
  public var message: String {
    switch problem {
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
    copy.path.components.insert(component, at: 0)
    return copy
  }
}
