import ArgumentParser
import HeraSession
import HeraUtils

/// `hera check`: probes the Argo Server (and the cluster) and diagnoses each failure.
struct Check: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check that the Argo Server (and with --cluster, the Kubernetes API) can be reached and used.",
    discussion: """
      Exit codes: 0 all passed; 2 settings; 3 name resolution; 4 unreachable; 5 timeout; 6 TLS; \
      7 HTTP/HTTPS mismatch; 8 unauthorized (401); 9 forbidden (403); 10 not found (404); 11 server \
      error; 12 a resource missing or not ready; 13 kubeconfig or credential plugin.
      """
  )

  @OptionGroup var hera: HeraOptions

  @Flag(help: "Check the Kubernetes API too: reachable, and the right to create workflows.")
  var cluster = false

  @Option(name: .customLong("pvc"), help: "A PersistentVolumeClaim that must exist and be Bound (repeatable).")
  var persistentVolumeClaims: [String] = []

  @Option(name: .customLong("configmap"), help: "A ConfigMap that must exist, optionally with keys: NAME[:key,key] (repeatable).")
  var configMaps: [String] = []

  @Option(name: .customLong("secret"), help: "A Secret that must exist (repeatable).")
  var secrets: [String] = []

  @Option(help: "Seconds each probe may take (default: the request timeout, 30 s unless --request-timeout says otherwise).")
  var timeout: Int64?

  func run() async throws {
    let settings = try await ServerSession.settings(hera)
    var check = AccessCheck(settings: settings)
    check.cluster = cluster
    check.persistentVolumeClaims = persistentVolumeClaims
    check.configMaps = configMaps.map { entry in
      let parts = entry.split(separator: ":", maxSplits: 1)
      let keys = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
      return (String(parts[0]), keys)
    }
    check.secrets = secrets
    check.timeout = timeout.map { max(1, $0) }
    let report = await check.run()
    Terminal.standardOutput.write(report.text)
    if !report.passed { throw ExitCode(report.exitCode) }
  }
}
