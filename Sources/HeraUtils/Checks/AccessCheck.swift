import ArgoClient
import Foundation
import HTTPTransport
import Kubernetes

/// A class of failure of an access check, with its documented exit code.
///
/// | code | class |
/// |---|---|
/// | 0 | every check passed |
/// | 2 | the settings cannot be used (no server configured, a malformed address, an unreadable file) |
/// | 3 | the host name does not resolve |
/// | 4 | nothing answers at the address (connection refused, host unreachable) |
/// | 5 | the server did not answer in time |
/// | 6 | TLS: the certificate is not trusted, or the handshake failed |
/// | 7 | HTTP spoken to an HTTPS port, or the reverse |
/// | 8 | the token or credential was refused (401) |
/// | 9 | not allowed (403, RBAC, namespace) |
/// | 10 | not found (404: base href or namespace) |
/// | 11 | the server failed (5xx) or answered something unexpected |
/// | 12 | a resource of the execution environment is missing or not ready (PVC, ConfigMap, Secret) |
/// | 13 | the kubeconfig or a credential plugin cannot be used |
public struct FailureClass: Sendable, Hashable, CustomStringConvertible {
  public let exitCode: Int32
  public let name: String
  public var description: String { name }

  public static let settings = FailureClass(exitCode: 2, name: "settings")
  public static let nameResolution = FailureClass(exitCode: 3, name: "name resolution")
  public static let unreachable = FailureClass(exitCode: 4, name: "unreachable")
  public static let timeout = FailureClass(exitCode: 5, name: "timeout")
  public static let tls = FailureClass(exitCode: 6, name: "TLS")
  public static let protocolMismatch = FailureClass(exitCode: 7, name: "HTTP/HTTPS mismatch")
  public static let unauthorized = FailureClass(exitCode: 8, name: "unauthorized")
  public static let forbidden = FailureClass(exitCode: 9, name: "forbidden")
  public static let notFound = FailureClass(exitCode: 10, name: "not found")
  public static let server = FailureClass(exitCode: 11, name: "server error")
  public static let resource = FailureClass(exitCode: 12, name: "resource")
  public static let credential = FailureClass(exitCode: 13, name: "kubeconfig or credential")

  public static func of(_ transport: TransportFailure) -> FailureClass {
    switch transport.kind {
    case .nameResolution: return .nameResolution
    case .connectionRefused: return .unreachable
    case .timeout: return .timeout
    case .untrustedCertificate, .tlsHandshake: return .tls
    case .serverExpectsTLS, .serverExpectsPlainHTTP: return .protocolMismatch
    case .configuration: return .settings
    default: return .server
    }
  }

  public static func of(_ error: ArgoError) -> FailureClass {
    switch error.kind {
    case .transport: return error.transport.map(of) ?? .server
    case .unauthorized: return .unauthorized
    case .forbidden: return .forbidden
    case .notFound: return .notFound
    case .configuration: return .settings
    default: return .server
    }
  }

  public static func of(_ error: KubernetesError) -> FailureClass {
    switch error.kind {
    case .transport: return error.transport.map(of) ?? .server
    case .unauthorized: return .unauthorized
    case .forbidden: return .forbidden
    case .notFound: return .resource
    case .credential, .configuration: return .credential
    default: return .server
    }
  }
}

/// One probe and how it went.
public struct CheckStep: Sendable {
  public enum Outcome: Sendable {
    case passed(String)
    case failed(FailureClass, message: String, hint: String?)
    case skipped(String)
  }

  public let name: String
  public let outcome: Outcome

  public var failure: FailureClass? {
    if case .failed(let failure, _, _) = outcome { return failure }
    return nil
  }
}

/// The probes of one service (the Argo Server, the Kubernetes API).
public struct CheckSection: Sendable {
  public let title: String
  public var steps: [CheckStep]
}

/// The report of `hera check`.
public struct CheckReport: Sendable {
  public var sections: [CheckSection]

  /// The exit code: 0, or the first failure's class.
  public var exitCode: Int32 {
    sections.lazy.flatMap(\.steps).compactMap(\.failure).first?.exitCode ?? 0
  }

  public var passed: Bool { exitCode == 0 }

  /// A short report for a terminal.
  public var text: String {
    var lines: [String] = []
    for section in sections {
      lines.append(section.title)
      for step in section.steps {
        switch step.outcome {
        case .passed(let detail): lines.append("  ✔ \(step.name): \(detail)")
        case .skipped(let reason): lines.append("  – \(step.name): \(reason)")
        case .failed(let failure, let message, let hint):
          lines.append("  ✘ \(step.name): \(message)")
          if let hint { lines.append("    hint: \(hint)") }
          lines.append("    (\(failure), exit code \(failure.exitCode))")
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// The checks `hera check` runs: the Argo Server's reachability and the token's rights, then
/// optionally the cluster and the resources the workflow needs.
public struct AccessCheck: Sendable {
  public var settings: HeraSettings
  /// Whether to check the Kubernetes API too.
  public var cluster = false
  public var persistentVolumeClaims: [String] = []
  /// ConfigMaps, each with the keys it must have.
  public var configMaps: [(name: String, keys: [String])] = []
  public var secrets: [String] = []
  /// Where an in-cluster service account's files are (for tests).
  public var serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"
  /// How long each probe may take, in seconds; the settings' request timeout (30 s by default,
  /// as for every other call) when nil.
  public var timeout: Int64?

  public init(settings: HeraSettings) {
    self.settings = settings
  }

  /// The cluster's checks alone (reachable, rights, the resources named): before a submission,
  /// whose own call checks the Argo Server.
  public func runClusterChecks() async -> CheckReport {
    CheckReport(sections: [await kubernetes()])
  }

  public func run() async -> CheckReport {
    var sections: [CheckSection] = []
    sections.append(await argoServer())
    if cluster || !persistentVolumeClaims.isEmpty || !configMaps.isEmpty || !secrets.isEmpty {
      sections.append(await kubernetes())
    }
    return CheckReport(sections: sections)
  }

  // MARK: Argo Server

  func argoServer() async -> CheckSection {
    guard let connection = settings.argoConnection, let server = settings.argoServer else {
      return CheckSection(
        title: "Argo Server: none configured",
        steps: [
          CheckStep(
            name: "settings",
            outcome: .failed(
              .settings, message: "no Argo Server is configured: workflows run on this machine",
              hint: "give --argo-server, ARGO_SERVER, or argo_server in hera.config to submit to a cluster"))
        ])
    }
    var section = CheckSection(title: "Argo Server \(server.value) (\(server.source))", steps: [])
    let client: ArgoClient
    do {
      client = try ArgoClient(connection, timeout: timeout)
    } catch {
      section.steps.append(CheckStep(name: "settings", outcome: .failed(.settings, message: error.message, hint: error.hint)))
      return section
    }
    defer { Task { await client.shutdown() } }
    let started = Date()
    do {
      let version = try await client.version()
      let milliseconds = Int(Date().timeIntervalSince(started) * 1000)
      section.steps.append(
        CheckStep(name: "reachable", outcome: .passed("Argo Server \(version.version) answered GET /api/v1/version in \(milliseconds) ms")))
    } catch {
      section.steps.append(CheckStep(name: "reachable", outcome: .failed(.of(error), message: error.message, hint: error.hint)))
      section.steps.append(CheckStep(name: "authorised", outcome: .skipped("not checked: the server is not reachable")))
      return section
    }
    let namespace = settings.namespace
    do {
      _ = try await client.workflowNames(namespace: namespace.value, limit: 1)
      let who = settings.argoToken.map { "the token (\($0.source))" } ?? "no token"
      section.steps.append(
        CheckStep(name: "authorised", outcome: .passed("\(who) may list workflows in namespace \(namespace.value) (\(namespace.source))")))
    } catch {
      var hint = error.hint
      if error.kind == .unauthorized, settings.argoToken == nil {
        hint = "no token is configured: set ARGO_TOKEN (copy it in the Argo UI: user info, then Copy token)"
      }
      section.steps.append(CheckStep(name: "authorised", outcome: .failed(.of(error), message: error.message, hint: hint)))
    }
    await client.shutdown()
    return section
  }

  // MARK: Kubernetes

  func kubernetes() async -> CheckSection {
    let access: KubernetesAccess
    do {
      access = try settings.kubernetesAccess(serviceAccountDirectory: serviceAccountDirectory)
    } catch {
      return CheckSection(
        title: "Kubernetes", steps: [CheckStep(name: "kubeconfig", outcome: .failed(.credential, message: error.message, hint: error.hint))]
      )
    }
    var section = CheckSection(title: "Kubernetes \(access.server.absoluteString) (\(access.description))", steps: [])
    let client = KubernetesClient(access: access, environment: settings.environment)
    let namespace = settings.namespace.value
    do {
      let version = try await client.version()
      section.steps.append(CheckStep(name: "reachable", outcome: .passed("Kubernetes \(version)")))
    } catch {
      section.steps.append(CheckStep(name: "reachable", outcome: .failed(.of(error), message: error.message, hint: error.hint)))
      await client.shutdown()
      return section
    }
    do {
      let review = try await client.mayDo(verb: "create", group: "argoproj.io", resource: "workflows", namespace: namespace)
      if review.allowed {
        section.steps.append(CheckStep(name: "rights", outcome: .passed("may create workflows in namespace \(namespace)")))
      } else {
        section.steps.append(
          CheckStep(
            name: "rights",
            outcome: .failed(
              .forbidden, message: "may not create workflows in namespace \(namespace)\(review.reason.map { ": \($0)" } ?? "")",
              hint: "ask for a RoleBinding that allows creating workflows.argoproj.io there, or choose another namespace")))
      }
    } catch {
      section.steps.append(CheckStep(name: "rights", outcome: .failed(.of(error), message: error.message, hint: error.hint)))
    }
    for name in persistentVolumeClaims {
      let step = "PersistentVolumeClaim \(name)"
      do {
        if let claim = try await client.persistentVolumeClaim(name, namespace: namespace) {
          let details = ([claim.accessModes.joined(separator: ", ")] + [claim.capacity].compactMap { $0 }).filter { !$0.isEmpty }
          if claim.phase == "Bound" {
            section.steps.append(CheckStep(name: step, outcome: .passed("Bound (\(details.joined(separator: ", ")))")))
          } else {
            section.steps.append(
              CheckStep(
                name: step,
                outcome: .failed(
                  .resource, message: "exists but is \(claim.phase), not Bound",
                  hint: claim.phase == "Pending"
                    ? "no volume matches it yet: check its storage class and size" : "see kubectl describe pvc \(name)")))
          }
        } else {
          section.steps.append(
            CheckStep(
              name: step,
              outcome: .failed(.resource, message: "does not exist in namespace \(namespace)", hint: "create it, or check its name")))
        }
      } catch {
        section.steps.append(CheckStep(name: step, outcome: .failed(.of(error), message: error.message, hint: error.hint)))
      }
    }
    for (name, keys) in configMaps {
      let step = "ConfigMap \(name)"
      do {
        if let present = try await client.configMapKeys(name, namespace: namespace) {
          let missing = keys.filter { !present.contains($0) }
          if missing.isEmpty {
            section.steps.append(CheckStep(name: step, outcome: .passed("exists with keys \(present.joined(separator: ", "))")))
          } else {
            section.steps.append(
              CheckStep(
                name: step,
                outcome: .failed(
                  .resource, message: "lacks the key\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))",
                  hint: "it has \(present.isEmpty ? "no keys" : present.joined(separator: ", "))")))
          }
        } else {
          section.steps.append(
            CheckStep(
              name: step,
              outcome: .failed(.resource, message: "does not exist in namespace \(namespace)", hint: "create it, or check its name")))
        }
      } catch {
        section.steps.append(CheckStep(name: step, outcome: .failed(.of(error), message: error.message, hint: error.hint)))
      }
    }
    for name in secrets {
      let step = "Secret \(name)"
      do {
        if let keys = try await client.secretKeys(name, namespace: namespace) {
          section.steps.append(CheckStep(name: step, outcome: .passed("exists with \(keys.count) key\(keys.count == 1 ? "" : "s")")))
        } else {
          section.steps.append(
            CheckStep(
              name: step,
              outcome: .failed(.resource, message: "does not exist in namespace \(namespace)", hint: "create it, or check its name")))
        }
      } catch {
        section.steps.append(CheckStep(name: step, outcome: .failed(.of(error), message: error.message, hint: error.hint)))
      }
    }
    await client.shutdown()
    return section
  }
}
