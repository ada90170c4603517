import ArgoModel

/// The volume claims, ConfigMaps and Secrets a workflow names, wherever it names them:
/// volumes, `envFrom`, `env` values, semaphores.
///
/// ```swift
/// let references = ResourceReferences(workflow)
/// if !references.configMaps.contains("proxy-environment") { print("the proxy is not used") }
/// ```
public struct ResourceReferences: Sendable, Hashable {
  public private(set) var claims: Set<String> = []
  public private(set) var configMaps: Set<String> = []
  public private(set) var secrets: Set<String> = []

  public init(_ workflow: Workflow) {
    collect(workflow.toJSON())
  }

  private mutating func collect(_ value: JSONValue) {
    switch value {
    case .object(let object):
      for member in object {
        switch member.key {
        case "persistentVolumeClaim":
          if let name = member.value["claimName"]?.stringValue { claims.insert(name) }
        case "configMapRef", "configMapKeyRef", "configMap":
          if let name = member.value["name"]?.stringValue { configMaps.insert(name) }
        case "secretRef", "secretKeyRef":
          if let name = member.value["name"]?.stringValue { secrets.insert(name) }
        case "secret":
          if let name = member.value["secretName"]?.stringValue { secrets.insert(name) }
        default:
          break
        }
        collect(member.value)
      }
    case .array(let elements):
      for element in elements { collect(element) }
    default:
      break
    }
  }
}
