/// Where a value sits inside a document: `spec.templates[2].dag.tasks[0].arguments`.
public struct ValuePath: Sendable, Hashable, CustomStringConvertible {
  /// One step down: an object member or an array element.
  public enum Component: Sendable, Hashable {
    case key(String)
    case index(Int)
  }

  public var components: [Component]

  public init(_ components: [Component] = []) {
    self.components = components
  }

  /// The path of the document itself.
  public static let root = ValuePath()

  public var isEmpty: Bool { components.isEmpty }

  public func appending(_ component: Component) -> ValuePath {
    ValuePath(components + [component])
  }

  public func appending(key: String) -> ValuePath {
    appending(.key(key))
  }

  /// The path written as in Argo's and kubectl's messages; keys that are not plain names
  /// (`app.kubernetes.io/name`) are bracketed and quoted.
  public var description: String {
    guard !components.isEmpty else { return "(document)" }
    var text = ""
    for component in components {
      switch component {
      case .index(let index):
        text += "[\(index)]"
      case .key(let key):
        if ValuePath.isPlainKey(key) {
          if !text.isEmpty { text += "." }
          text += key
        } else {
          text += "[\"\(key)\"]"
        }
      }
    }
    return text
  }

  private static func isPlainKey(_ key: String) -> Bool {
    !key.isEmpty
      && key.utf8.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
          || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "$")
      }
  }
}
