/// A problem lint found: how serious, where (`spec.templates[main].dag.tasks[b].dependencies`),
/// what, and what to do.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  /// How serious a diagnostic is. Errors are what Argo would reject; warnings what it accepts
  /// but is likely wrong; notes what lint could not check.
  public struct Severity: Sendable, Hashable, Comparable, CustomStringConvertible {
    let rank: Int
    let name: String

    public static let error = Severity(rank: 2, name: "error")
    public static let warning = Severity(rank: 1, name: "warning")
    public static let note = Severity(rank: 0, name: "note")

    public var description: String { name }

    public static func < (left: Severity, right: Severity) -> Bool { left.rank < right.rank }
  }

  public var severity: Severity
  /// The rule that found it, e.g. `dag-cycle`: what to look up, or filter on.
  public var rule: String
  /// Where, inside the document.
  public var path: LintPath
  public var message: String
  public var hint: String?

  public init(_ severity: Severity, rule: String, path: LintPath, message: String, hint: String? = nil) {
    self.severity = severity
    self.rule = rule
    self.path = path
    self.message = message
    self.hint = hint
  }

  /// `error: spec.templates[main].dag: dependency cycle a -> b -> a (hint) [dag-cycle]`.
  public var description: String {
    var text = "\(severity): "
    if !path.components.isEmpty { text += "\(path): " }
    text += message
    if let hint { text += " (\(hint))" }
    return text + " [\(rule)]"
  }
}

/// A place inside a document, by name where items have names (`templates[main]`) and by index
/// otherwise, which converts to a `ValuePath` to find its line.
public struct LintPath: Sendable, Hashable, CustomStringConvertible {
  public enum Component: Sendable, Hashable {
    case key(String)
    /// An element of a list, with its name when it has one.
    case element(Int, name: String?)
  }

  public var components: [Component]

  public init(_ components: [Component] = []) {
    self.components = components
  }

  public static let root = LintPath()

  public func key(_ key: String) -> LintPath {
    LintPath(components + [.key(key)])
  }

  public func element(_ index: Int, name: String? = nil) -> LintPath {
    LintPath(components + [.element(index, name: name)])
  }

  public var description: String {
    var text = ""
    for component in components {
      switch component {
      case .key(let key):
        if !text.isEmpty { text += "." }
        text += key
      case .element(let index, let name):
        if let name, !name.isEmpty { text += "[\(name)]" } else { text += "[\(index)]" }
      }
    }
    return text
  }

  /// The path by indices, for `ManifestDocument.line(of:)`.
  public var valuePath: ValuePath {
    ValuePath(
      components.map { component in
        switch component {
        case .key(let key): return .key(key)
        case .element(let index, _): return .index(index)
        }
      })
  }
}

extension Array where Element == Diagnostic {
  /// Whether any diagnostic is an error.
  public var hasErrors: Bool { contains { $0.severity == .error } }
}
