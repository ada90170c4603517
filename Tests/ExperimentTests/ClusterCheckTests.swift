import ArgoModel
import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

/// Before a submission, what the workflow needs on the cluster is checked through the
/// kubeconfig (the stand-in Kubernetes API, over TLS on 127.0.0.1): a claim that is not Bound
/// or a missing ConfigMap stops it, with exit 12 and nothing submitted.
@Suite struct ClusterCheckTests {
  /// A stand-in Kubernetes API with a claim in `phase` and the ConfigMaps given, and a
  /// kubeconfig that reaches it.
  struct Cluster {
    let standIn: KubernetesStandIn
    let kubeconfig: String

    init(_ process: ExampleProcess, name: String, claimPhase: String, configMaps: [String: [String]]) async throws {
      let authority = try TestCertificateAuthority()
      let certificate = try authority.serverCertificate()
      var state = KubernetesStandIn.State()
      state.tokens = ["kube-token"]
      state.workflowNamespaces = ["lyon"]
      state.claims = ["lyon/lyon-data": (claimPhase, ["ReadWriteMany"])]
      state.configMaps = configMaps
      standIn = try await KubernetesStandIn(
        mode: .https(certificatePEM: certificate.certificatePEM, keyPEM: certificate.keyPEM), state: state)
      let ca = try process.folder.write("\(name)/ca.crt", authority.certificatePEM)
      kubeconfig = try process.folder.write(
        "\(name)/config",
        """
        current-context: lab
        clusters: [{name: lab, cluster: {server: "\(standIn.url)", certificate-authority: "\(ca)"}}]
        users: [{name: lab, user: {token: kube-token}}]
        contexts: [{name: lab, context: {cluster: lab, user: lab, namespace: lyon}}]
        """)
    }
  }

  @Test("a claim not Bound, a missing ConfigMap: exit 12, nothing submitted; --skip-checks submits; what is not used is not checked")
  func checksBeforeSubmitting() async throws {
    let process = try ExampleProcess("cluster-check")
    defer { process.remove() }
    let server = try await SubmitTests.Server(process)
    let notReady = try await Cluster(process, name: "not-ready", claimPhase: "Pending", configMaps: [:])
    let ready = try await Cluster(process, name: "ready", claimPhase: "Bound", configMaps: ["lyon/cluster-proxy": ["HTTPS_PROXY"]])
    defer {
      Task {
        await server.simulator.stop()
        await notReady.standIn.stop()
        await ready.standIn.stop()
      }
    }
    let submit = ["--submit", "--argo-ca-file", server.caFile]
    let environment = server.environment.merging(["KUBECONFIGMAP": "cluster-proxy"]) { $1 }

    let stopped = try await process.run(
      "collect-lyon", submit, environment: environment.merging(["KUBECONFIG": notReady.kubeconfig]) { $1 })
    #expect(stopped.status == 12, "\(stopped.standardError)")
    #expect(
      stopped.standardError.contains("✘ PersistentVolumeClaim lyon-data: exists but is Pending, not Bound"), "\(stopped.standardError)")
    #expect(stopped.standardError.contains("✘ ConfigMap cluster-proxy: does not exist in namespace lyon"))
    #expect(stopped.standardError.contains("nothing was submitted (--skip-checks submits anyway)"))
    #expect(stopped.standardOutput.isEmpty)
    #expect(await server.simulator.creations == 0)

    // A workflow that uses neither the claim nor the ConfigMap is not stopped by them.
    let hello = try await process.run("hello-world", submit, environment: environment.merging(["KUBECONFIG": notReady.kubeconfig]) { $1 })
    #expect(hello.status == 0, "\(hello.standardError)")
    #expect(!hello.standardError.contains("✘"))
    #expect(await server.simulator.creations == 1)

    let skipped = try await process.run(
      "collect-lyon", submit + ["--skip-checks"], environment: environment.merging(["KUBECONFIG": notReady.kubeconfig]) { $1 })
    #expect(skipped.status == 0, "\(skipped.standardError)")
    #expect(!skipped.standardError.contains("✘"))
    #expect(!skipped.standardError.contains("warning"), "\(skipped.standardError)")
    #expect(await server.simulator.creations == 2)

    let passed = try await process.run("collect-lyon", submit, environment: environment.merging(["KUBECONFIG": ready.kubeconfig]) { $1 })
    #expect(passed.status == 0, "\(passed.standardError)")
    #expect(
      passed.standardError.contains("note: the cluster has what the workflow needs (volume claim lyon-data, ConfigMap cluster-proxy)"),
      "\(passed.standardError)")
    #expect(await server.simulator.creations == 3)

    // A kubeconfig named on the command line that cannot be read stops the submission.
    let unreadable = try await process.run(
      "collect-lyon", submit + ["--kubeconfig", process.folder.path("missing/config")], environment: environment)
    #expect(unreadable.status == 13, "\(unreadable.standardError)")
    #expect(unreadable.standardError.contains("nothing was submitted"))
    #expect(await server.simulator.creations == 3)

    // With no kubeconfig, a warning says what was not checked, and the workflow is submitted.
    let unchecked = try await process.run("collect-lyon", submit, environment: environment)
    #expect(unchecked.status == 0, "\(unchecked.standardError)")
    #expect(
      unchecked.standardError.contains(
        "warning: what the workflow needs on the cluster is not checked (volume claim lyon-data, ConfigMap cluster-proxy)"))
    #expect(await server.simulator.creations == 4)
  }
}
