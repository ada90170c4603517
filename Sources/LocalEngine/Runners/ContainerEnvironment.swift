/// The kubelet's `$(NAME)` references, expanded as Kubernetes expands them before a container
/// starts: in `command` and `args` from the container's whole environment, and in an
/// environment value from the variables listed before it.
///
/// `$$` stands for one `$` (so `$$(NAME)` is the text `$(NAME)`, and `echo $$` in an argument
/// prints a lone `$`, as it does in Kubernetes); a reference to an unknown name stays as written.
/// Neither podman nor docker does this, so both runners do it for them.
struct ContainerEnvironment: Sendable {
  /// The variables in order, each name once (a later entry replaces an earlier one in place,
  /// as in the kubelet), with references expanded.
  private(set) var variables: [(name: String, value: String)] = []

  init(_ declared: [(name: String, value: String)]) {
    for (name, value) in declared {
      set(name, to: Self.expand(value, lookup: self.value(of:)))
    }
  }

  func value(of name: String) -> String? {
    variables.last(where: { $0.name == name })?.value
  }

  mutating func set(_ name: String, to value: String) {
    if let index = variables.firstIndex(where: { $0.name == name }) {
      variables[index].value = value
    } else {
      variables.append((name, value))
    }
  }

  /// `text` with the `$(NAME)` references to this environment expanded.
  func expand(_ text: String) -> String {
    Self.expand(text, lookup: value(of:))
  }

  static func expand(_ text: String, lookup: (String) -> String?) -> String {
    guard text.contains("$") else { return text }
    var result = ""
    var rest = text[...]
    while let dollar = rest.firstIndex(of: "$") {
      result += rest[..<dollar]
      let next = rest.index(after: dollar)
      guard next < rest.endIndex else {
        result += "$"
        rest = rest[next...]
        break
      }
      switch rest[next] {
      case "$":
        result += "$"
        rest = rest[rest.index(after: next)...]
      case "(":
        let nameStart = rest.index(after: next)
        if let close = rest[nameStart...].firstIndex(of: ")") {
          let name = String(rest[nameStart..<close])
          result += lookup(name) ?? "$(\(name))"
          rest = rest[rest.index(after: close)...]
        } else {
          result += rest[dollar...]
          rest = rest[rest.endIndex...]
        }
      default:
        result += "$"
        rest = rest[next...]
      }
    }
    result += rest
    return result
  }
}
