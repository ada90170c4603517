/// A text format for manifests.
public struct ManifestFormat: Sendable, Hashable, CustomStringConvertible {
  let name: String

  /// YAML, one or several documents separated by `---`.
  public static let yaml = ManifestFormat(rawName: "yaml")
  /// JSON, one value or several one after another.
  public static let json = ManifestFormat(rawName: "json")

  public var description: String { name }

  /// The format named `yaml`, `yml` or `json` (any case).
  public init?(name: String) {
    switch name.lowercased() {
    case "yaml", "yml": self = .yaml
    case "json": self = .json
    default: return nil
    }
  }

  private init(rawName: String) {
    self.name = rawName
  }

  /// The format a file name's extension implies, if any.
  public static func implied(byPath path: String) -> ManifestFormat? {
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
    return ManifestFormat(name: String(path[path.index(after: dot)...]))
  }
}
