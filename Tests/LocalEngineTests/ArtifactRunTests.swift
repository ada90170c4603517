import ArgoModel
import Foundation
import HTTPTransport
import HeraTestServers
import Testing

@testable import LocalEngine

/// Artifacts through whole local runs with the host runner: stored as Argo stores them, passed
/// between steps, fetched over http and git.
@Suite("Artifacts in local runs")
struct ArtifactRunTests {
  @Test("a folder passes between steps as a tarball; archive none, zip and subPath as Argo has them")
  func foldersBetweenSteps() async throws {
    let run = try HostRun()
    let workflow = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: folders-}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: make, template: make}
          - - name: use
              template: use
              arguments: {artifacts: [{name: results, from: "{{steps.make.outputs.artifacts.results}}"}]}
            - name: pick
              template: pick
              arguments: {artifacts: [{name: one, from: "{{steps.make.outputs.artifacts.plain}}", subPath: sub/b.txt}]}
            - name: unzip
              template: use
              arguments: {artifacts: [{name: results, from: "{{steps.make.outputs.artifacts.zipped}}"}]}
        - name: make
          script:
            image: alpine
            command: [sh]
            source: |
              mkdir -p /tmp/results/sub /tmp/results/empty /tmp/plain/sub
              echo alpha > /tmp/results/a.txt
              echo beta > /tmp/results/sub/b.txt
              echo gamma > /tmp/plain/sub/b.txt
          outputs:
            artifacts:
            - {name: results, path: /tmp/results}
            - {name: plain, path: /tmp/plain, archive: {none: {}}}
            - {name: zipped, path: /tmp/results, archive: {zip: {}}}
        - name: use
          inputs: {artifacts: [{name: results, path: /in/results}]}
          script: {image: alpine, command: [sh], source: "cd /in/results && find . | sort && cat a.txt sub/b.txt"}
        - name: pick
          inputs: {artifacts: [{name: one, path: /in/one.txt}]}
          container: {image: alpine, command: [cat, /in/one.txt]}
      """)
    #expect(
      workflow.phase == "Succeeded", "\(workflow.status?.message ?? "") \(workflow.status?.nodes?.values.compactMap(\.message) ?? [])")
    let name = workflow.metadata.name ?? ""
    let store = ArtifactStore(directory: run.store.artifactDirectory(name))
    let outputs = workflow.node("make")?.outputs?.artifacts ?? []
    let keys = Dictionary(uniqueKeysWithValues: outputs.map { ($0.name, $0.s3?.key ?? "") })
    let podName = try #require(keys["results"]?.split(separator: "/").dropFirst().first.map(String.init))
    // Argo's keys: {{workflow.name}}/{{pod.name}}/ then <name>.tgz, <name>.zip, or the path's last component.
    #expect(keys["results"] == "\(name)/\(podName)/results.tgz")
    #expect(keys["zipped"] == "\(name)/\(podName)/zipped.zip")
    #expect(keys["plain"] == "\(name)/\(podName)/plain")
    #expect(TarReader.isTarball(store.location(keys["results"] ?? "").path))
    #expect(try shell("tar -tzf '\(store.location(keys["results"] ?? "").path)'").split(separator: "\n").first == "results")
    #expect(FileStatus(atPath: store.location(keys["plain"] ?? "").path)?.isDirectory == true)

    let useLog = try run.log(workflow, "use")
    #expect(useLog == [".", "./a.txt", "./empty", "./sub", "./sub/b.txt", "alpha", "beta"])
    // A zip has no folders of their own: the empty one is gone.
    let unzipLog = try run.log(workflow, "unzip")
    #expect(unzipLog == [".", "./a.txt", "./sub", "./sub/b.txt", "alpha", "beta"])
    let pickLog = try run.log(workflow, "pick")
    #expect(pickLog == ["gamma"])
  }

  @Test("subPath into an archived artifact fails as with Argo, saying to store it unarchived")
  func subPathNeedsNoArchive() async throws {
    let run = try HostRun()
    let workflow = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: subpath-}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: make, template: make}
          - - name: pick
              template: pick
              arguments: {artifacts: [{name: one, from: "{{steps.make.outputs.artifacts.results}}", subPath: a.txt}]}
        - name: make
          script:
            image: alpine
            command: [sh]
            source: "mkdir -p /tmp/results && echo alpha > /tmp/results/a.txt"
          outputs: {artifacts: [{name: results, path: /tmp/results}]}
        - name: pick
          inputs: {artifacts: [{name: one, path: /in/one.txt}]}
          container: {image: alpine, command: [cat, /in/one.txt]}
      """)
    #expect(NodePhase.isFailure(workflow.phase))
    #expect(workflow.phase("pick") == "Error")
    let message = workflow.node("pick")?.message ?? ""
    #expect(message.hasPrefix("input artifact one: subPath a.txt is not in the artifact "), "\(message)")
    #expect(message.contains("archive: {none: {}}"))
  }

  @Test("a memoized step's artifact, made by an earlier run, reaches the steps of a later one")
  func memoizedArtifacts() async throws {
    let run = try HostRun()
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: memo-}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: make, template: make}
          - - {name: read, template: read, arguments: {artifacts: [{name: data, from: "{{steps.make.outputs.artifacts.data}}"}]}}
        - name: make
          memoize: {key: "made", maxAge: 1h, cache: {configMap: {name: artifacts-cache}}}
          script:
            image: alpine
            command: [sh]
            source: "mkdir -p /tmp/out && date +%s%N > /tmp/out/stamp"
          outputs: {artifacts: [{name: data, path: /tmp/out}]}
        - name: read
          inputs: {artifacts: [{name: data, path: /in/data}]}
          container: {image: alpine, command: [cat, /in/data/stamp]}
      """
    let first = try await run.run(yaml)
    let second = try await run.run(yaml)
    #expect(first.phase == "Succeeded")
    #expect(second.phase == "Succeeded", "\(second.status?.nodes?.values.compactMap(\.message) ?? [])")
    #expect(second.node("make")?.outputs?.artifacts?.first?.s3?.key?.hasPrefix((first.metadata.name ?? "") + "/") == true)
    let firstStamp = try run.log(first, "read")
    let secondStamp = try run.log(second, "read")
    #expect(!firstStamp.isEmpty)
    #expect(firstStamp == secondStamp)
  }

  /// A plain HTTP server with files, a redirect, a page behind basic auth and a missing one.
  static func fileServer(tarball: [UInt8]) async throws -> TestHTTPServer {
    try await TestHTTPServer(mode: .plainHTTP) { request in
      switch request.path {
      case "/files/hello.txt": return TestResponse(body: .bytes(Array("hello from http\n".utf8)))
      case "/files/tree", "/files/tree.tgz": return TestResponse(body: .bytes(tarball))
      case "/files/tool.sh": return TestResponse(body: .bytes(Array("#!/bin/sh\necho tool ran\n".utf8)))
      case "/redirect": return TestResponse(status: 302, headers: [("Location", "/files/hello.txt")])
      case "/private":
        guard request.header("Authorization") == "Basic " + Data("alice:s3cret".utf8).base64EncodedString() else {
          return TestResponse(status: 401)
        }
        return TestResponse(body: .bytes(Array("private data\n".utf8)))
      default: return TestResponse(status: 404, body: .bytes(Array("no such file".utf8)))
      }
    }
  }

  /// A gzipped tarball of a folder holding a.txt.
  static func tarball(in scratch: Scratch) throws -> [UInt8] {
    let folder = try scratch.folder("tree")
    try Data("alpha\n".utf8).write(to: folder.appendingPathComponent("a.txt"))
    let file = scratch.directory.appendingPathComponent("tree.tgz")
    try ArtifactPacking.store(folder.path, as: .tarball(level: -1), at: file.path)
    return Array(try Data(contentsOf: file))
  }

  @Test("http inputs: redirects, headers, basic auth from a Secret, mode, tarballs extracted whatever the URL, optional 404")
  func httpInputs() async throws {
    let scratch = try Scratch()
    let server = try await Self.fileServer(tarball: try Self.tarball(in: scratch))
    defer { Task { await server.stop() } }
    let base = server.url(secure: false)
    let run = try HostRun()
    let workflow = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: http-}
      spec:
        entrypoint: fetch
        templates:
        - name: fetch
          inputs:
            artifacts:
            - {name: hello, path: /in/hello.txt, http: {url: "\(base)/redirect", headers: [{name: X-Trace, value: t-1}]}}
            - {name: tree, path: /in/tree, http: {url: "\(base)/files/tree"}}
            - {name: kept, path: /in/kept.tgz, archive: {none: {}}, http: {url: "\(base)/files/tree.tgz"}}
            - {name: tool, path: /in/tool.sh, mode: 0755, http: {url: "\(base)/files/tool.sh"}}
            - name: private
              path: /in/private.txt
              http:
                url: "\(base)/private"
                auth: {basicAuth: {usernameSecret: {name: creds, key: user}, passwordSecret: {name: creds, key: password}}}
            - {name: maybe, path: /in/maybe, optional: true, http: {url: "\(base)/missing"}}
          script:
            image: alpine
            command: [sh]
            source: |
              cat /in/hello.txt /in/tree/a.txt /in/private.txt
              /in/tool.sh
              test -e /in/maybe || echo no-maybe
              gzip -t /in/kept.tgz && echo kept-archived
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: creds}
      stringData: {user: alice, password: s3cret}
      """)
    #expect(workflow.phase == "Succeeded", "\(workflow.status?.nodes?.values.compactMap(\.message) ?? [])")
    let fetchLog = try run.log(workflow, workflow.metadata.name ?? "")
    #expect(fetchLog == ["hello from http", "alpha", "private data", "tool ran", "no-maybe", "kept-archived"])
    let requests = await server.requests
    #expect(requests.first { $0.path == "/redirect" }?.header("X-Trace") == "t-1")
    #expect(requests.contains { $0.path == "/files/hello.txt" })
    // The password reached the server, never the run's status.
    let status = try String(contentsOf: run.store.statusFile(workflow.metadata.name ?? ""), encoding: .utf8)
    #expect(!status.contains("s3cret"))
  }

  @Test("an http input that is not there, or whose server does not answer, ends the node in Error saying why")
  func httpFailures() async throws {
    let missing = try await TestHTTPServer(mode: .plainHTTP) { _ in TestResponse(status: 404) }
    defer { Task { await missing.stop() } }
    let stopped = try await TestHTTPServer(mode: .plainHTTP) { _ in TestResponse(status: 200) }
    let refusedURL = stopped.url(secure: false) + "/data.csv"
    await stopped.stop()
    let run = try HostRun()
    let workflow = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: http-fail-}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: missing, template: fetch, arguments: {artifacts: [{name: data, http: {url: "\(missing.url(secure: false))/data.csv?token=abc"}}]}}
            - {name: refused, template: fetch, arguments: {artifacts: [{name: data, http: {url: "\(refusedURL)"}}]}}
        - name: fetch
          inputs: {artifacts: [{name: data, path: /in/data.csv}]}
          container: {image: alpine, command: [cat, /in/data.csv]}
      """)
    #expect(NodePhase.isFailure(workflow.phase))
    #expect(workflow.phase("missing") == "Error")
    let notFound = workflow.node("missing")?.message ?? ""
    #expect(
      notFound
        == "input artifact data: \(missing.url(secure: false))/data.csv?… answered 404 Not Found (check the URL; an artifact marked optional: true is skipped when not found)"
    )
    #expect(!notFound.contains("abc"), "a query may hold a token: it is not shown")
    #expect(workflow.phase("refused") == "Error")
    let refused = workflow.node("refused")?.message ?? ""
    #expect(refused.hasPrefix("input artifact data: cannot fetch \(refusedURL): nothing answers at 127.0.0.1:"), "\(refused)")
    #expect(refused.contains("connection refused"))
    #expect(refused.contains("is the server running"))
  }
}

/// Input artifacts planned directly, with settings a run does not expose: short time limits,
/// the test's certificate authority.
struct PlannedInputs {
  let scratch: Scratch
  let store: RunStore
  var resources = LocalResources()
  var fetching = ArtifactFetching()

  init() throws {
    scratch = try Scratch()
    store = RunStore(root: scratch.directory.appendingPathComponent(".hera"))
  }

  /// Plans a pod of `inputs` (YAML of the template's `inputs`): the host folders mounted at the
  /// artifacts' paths.
  func plan(_ inputs: String) throws(PlanError) -> [String: URL] {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: planned}
      spec:
        entrypoint: main
        templates:
        - name: main
          inputs: \(inputs)
          container: {image: alpine, command: ["true"]}
      """
    guard case .workflow(let workflow)? = try? ManifestReader().read(yaml).first?.manifest, let template = workflow.spec.templates?.first
    else { throw PlanError("the test's workflow does not read") }
    var planner = PodPlanner(workflow: workflow, store: store, resources: resources, imageMap: { $0 })
    planner.fetching = fetching
    let plan = try planner.plan(
      PodLaunch(
        nodeID: "planned-1", nodeName: "planned", podName: "planned-main-1", template: template, inputs: template.inputs ?? Inputs()))
    return Dictionary(uniqueKeysWithValues: plan.request.mounts.map { ($0.containerPath, $0.hostPath) })
  }
}

@Suite("http input artifacts over TLS, with credentials and time limits")
struct HTTPArtifactTests {
  let authority: TestCertificateAuthority
  let certificate: TestCertificateAuthority.Issued

  init() throws {
    authority = try TestCertificateAuthority()
    certificate = try authority.serverCertificate(names: ["localhost"])
  }

  var trusting: TLSSettings { TLSSettings(certificateAuthorities: [.bytes(Array(authority.certificatePEM.utf8))]) }

  @Test("HTTPS is verified: a trusted server's file arrives, an untrusted one is refused with a hint")
  func verifiedTLS() async throws {
    let server = try await TestHTTPServer(mode: .https(certificatePEM: certificate.certificatePEM, keyPEM: certificate.keyPEM)) { _ in
      TestResponse(body: .bytes(Array("over tls\n".utf8)))
    }
    defer { Task { await server.stop() } }
    var planned = try PlannedInputs()
    planned.fetching.tls = trusting
    let mounts = try planned.plan("{artifacts: [{name: data, path: /in/data.txt, http: {url: \"\(server.url())/data.txt\"}}]}")
    #expect(try String(contentsOf: try #require(mounts["/in/data.txt"]), encoding: .utf8) == "over tls\n")

    let untrusted = try PlannedInputs()
    do {
      _ = try untrusted.plan("{artifacts: [{name: data, path: /in/data.txt, http: {url: \"\(server.url())/data.txt\"}}]}")
      Issue.record("an untrusted certificate was accepted")
    } catch {
      #expect(
        error.message.hasPrefix("input artifact data: cannot fetch \(server.url())/data.txt: the certificate of 127.0.0.1:"), "\(error)")
      #expect(error.message.contains("Argo's executor"))
    }
  }

  @Test("a client certificate from Secrets is presented when the server asks for one")
  func clientCertificate() async throws {
    let server = try await TestHTTPServer(
      mode: .https(certificatePEM: certificate.certificatePEM, keyPEM: certificate.keyPEM, clientCAPEM: authority.certificatePEM)
    ) { _ in TestResponse(body: .bytes(Array("for alice\n".utf8))) }
    defer { Task { await server.stop() } }
    let alice = try authority.clientCertificate(user: "alice")
    var planned = try PlannedInputs()
    planned.fetching.tls = trusting
    planned.resources = LocalResources(secrets: ["alice-tls": ["crt": alice.certificatePEM, "key": alice.keyPEM]])
    let inputs = """
      {artifacts: [{name: data, path: /in/data.txt, http: {url: "\(server.url())/data.txt",
        auth: {clientCert: {clientCertSecret: {name: alice-tls, key: crt}, clientKeySecret: {name: alice-tls, key: key}}}}}]}
      """
    let mounts = try planned.plan(inputs)
    #expect(try String(contentsOf: try #require(mounts["/in/data.txt"]), encoding: .utf8) == "for alice\n")

    var anonymous = try PlannedInputs()
    anonymous.fetching.tls = trusting
    #expect(throws: PlanError.self) {
      try anonymous.plan("{artifacts: [{name: data, path: /in/data.txt, http: {url: \"\(server.url())/data.txt\"}}]}")
    }
    // A Secret that is not given is named, with what to do.
    var missing = try PlannedInputs()
    missing.fetching.tls = trusting
    do {
      _ = try missing.plan(inputs)
      Issue.record("a missing Secret was not noticed")
    } catch {
      #expect(
        error.message
          == "input artifact data: the Secret alice-tls (clientCert.clientCertSecret) is not among the resources given (pass its manifest with --resources FILE)"
      )
    }
  }

  @Test("oauth2: a token by the client-credentials grant, then the file with it")
  func oauth2() async throws {
    let server = try await TestHTTPServer(mode: .plainHTTP) { request in
      if request.path == "/token" {
        guard request.method == "POST", request.header("Authorization") == "Basic " + Data("robot:hush".utf8).base64EncodedString(),
          request.bodyText.contains("grant_type=client_credentials"), request.bodyText.contains("scope=read%20write"),
          request.bodyText.contains("audience=data")
        else { return TestResponse(status: 401) }
        return .json(200, #"{"access_token":"tok-123","token_type":"bearer","expires_in":3600}"#)
      }
      guard request.header("Authorization") == "Bearer tok-123" else { return TestResponse(status: 403) }
      return TestResponse(body: .bytes(Array("with a token\n".utf8)))
    }
    defer { Task { await server.stop() } }
    var planned = try PlannedInputs()
    planned.resources = LocalResources(secrets: ["oauth": ["id": "robot", "secret": "hush", "url": server.url(secure: false) + "/token"]])
    let mounts = try planned.plan(
      """
      {artifacts: [{name: data, path: /in/data.txt, http: {url: "\(server.url(secure: false))/data.txt", auth: {oauth2: {
        clientIDSecret: {name: oauth, key: id}, clientSecretSecret: {name: oauth, key: secret}, tokenURLSecret: {name: oauth, key: url},
        scopes: [read, write], endpointParams: [{key: audience, value: data}]}}}}]}
      """)
    #expect(try String(contentsOf: try #require(mounts["/in/data.txt"]), encoding: .utf8) == "with a token\n")
  }

  @Test("credentials do not follow a redirect to another host; mode with recurseMode reaches every file")
  func redirectsAndModes() async throws {
    let scratch = try Scratch()
    let tarball = try ArtifactRunTests.tarball(in: scratch)
    let server = try await TestHTTPServer(mode: .plainHTTP) { request in
      switch request.path {
      case "/start":
        return TestResponse(
          status: 302, headers: [("Location", "http://localhost:\(request.header("Host")?.split(separator: ":").last ?? "")/end")])
      case "/end": return TestResponse(body: .bytes(tarball))
      default: return TestResponse(status: 404)
      }
    }
    defer { Task { await server.stop() } }
    var planned = try PlannedInputs()
    planned.resources = LocalResources(secrets: ["creds": ["user": "alice", "password": "s3cret"]])
    let mounts = try planned.plan(
      """
      {artifacts: [{name: tree, path: /in/tree, mode: 0700, recurseMode: true, http: {url: "\(server.url(secure: false))/start",
        auth: {basicAuth: {usernameSecret: {name: creds, key: user}, passwordSecret: {name: creds, key: password}}}}}]}
      """)
    let tree = try #require(mounts["/in/tree"])
    #expect(FileStatus(atPath: tree.path)?.permissions == 0o700)
    #expect(FileStatus(atPath: tree.appendingPathComponent("a.txt").path)?.permissions == 0o700)
    let requests = await server.requests
    #expect(requests.first { $0.path == "/start" }?.header("Authorization") != nil)
    #expect(requests.first { $0.path == "/end" }?.header("Authorization") == nil, "the password went to another host")
    #expect(requests.first { $0.path == "/end" }?.header("Host")?.hasPrefix("localhost") == true)
  }

  @Test("a server that never answers, or stalls in the middle, fails within the time limit")
  func slowServers() async throws {
    let silent = try await TestHTTPServer(mode: .silent) { _ in TestResponse() }
    let (chunks, more) = AsyncStream<[UInt8]>.makeStream()
    more.yield(Array("the beginning".utf8))
    let stalling = try await TestHTTPServer(mode: .plainHTTP) { _ in TestResponse(body: .stream(chunks, cut: false)) }
    defer {
      more.finish()
      Task {
        await silent.stop()
        await stalling.stop()
      }
    }
    var planned = try PlannedInputs()
    planned.fetching.httpTimeout = .seconds(2)
    for url in [silent.url(secure: false) + "/slow", stalling.url(secure: false) + "/slow"] {
      let started = ContinuousClock.now
      do {
        _ = try planned.plan("{artifacts: [{name: data, path: /in/data, http: {url: \"\(url)\"}}]}")
        Issue.record("\(url) was fetched")
      } catch {
        #expect(error.message.hasPrefix("input artifact data: cannot fetch \(url): "), "\(error)")
        #expect(error.message.contains("did not answer in time") || error.message.contains("timed out"), "\(error)")
        #expect(error.message.contains("within 2.0 seconds"), "\(error)")
      }
      #expect(ContinuousClock.now - started < .seconds(60))  // not forever; loose for a busy machine
    }
  }
}

@Suite("git input artifacts")
struct GitArtifactTests {
  /// A bare repository with two commits on main (v1 tagged, then v2) and a branch `feature`.
  static func repository(in scratch: Scratch) throws -> URL {
    let bare = scratch.directory.appendingPathComponent("repo.git")
    let work = scratch.directory.appendingPathComponent("work")
    let git = "git -c user.name=test -c user.email=test@example.org -c init.defaultBranch=main"
    try shell("\(git) init -q --bare '\(bare.path)' && \(git) init -q '\(work.path)'")
    try shell(
      """
      echo v1 > VERSION && \(git) add VERSION && \(git) commit -qm one && \(git) tag v1 &&
      echo v2 > VERSION && \(git) commit -qam two &&
      \(git) checkout -qb feature && echo feature > VERSION && \(git) commit -qam three && \(git) checkout -q main &&
      \(git) push -q '\(bare.path)' main feature v1
      """, in: work)
    return bare
  }

  @Test("a repository is cloned at a tag, a branch or its default branch, as the input's path")
  func clones() async throws {
    let scratch = try Scratch()
    let repository = try Self.repository(in: scratch)
    let run = try HostRun()
    let workflow = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: git-}
      spec:
        entrypoint: read
        templates:
        - name: read
          inputs:
            artifacts:
            - {name: tagged, path: /src/tagged, git: {repo: "file://\(repository.path)", revision: v1}}
            - {name: branch, path: /src/branch, git: {repo: "\(repository.path)", revision: feature}}
            - {name: latest, path: /src/latest, git: {repo: "file://\(repository.path)", depth: 1}}
          script:
            image: alpine
            command: [sh]
            source: |
              cat /src/tagged/VERSION /src/branch/VERSION /src/latest/VERSION
              git -C /src/tagged describe --tags
              git -C /src/latest rev-list --count HEAD
      """)
    #expect(workflow.phase == "Succeeded", "\(workflow.status?.nodes?.values.compactMap(\.message) ?? [])")
    let readLog = try run.log(workflow, workflow.metadata.name ?? "")
    #expect(readLog == ["v1", "feature", "v2", "v1", "1"])
  }

  @Test("an unreachable repository, an unknown revision and a missing git end the node in Error saying why")
  func failures() async throws {
    let scratch = try Scratch()
    let repository = try Self.repository(in: scratch)
    let run = try HostRun()
    let workflow = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: git-fail-}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: nowhere, template: read, arguments: {artifacts: [{name: src, git: {repo: "file://\(scratch.directory.path)/nowhere.git"}}]}}
            - {name: unknown, template: read, arguments: {artifacts: [{name: src, git: {repo: "file://\(repository.path)", revision: v9}}]}}
        - name: read
          inputs: {artifacts: [{name: src, path: /src}]}
          container: {image: alpine, command: [ls, /src]}
      """)
    #expect(NodePhase.isFailure(workflow.phase))
    let nowhere = workflow.node("nowhere")?.message ?? ""
    #expect(nowhere.hasPrefix("input artifact src: cannot clone file://\(scratch.directory.path)/nowhere.git: fatal:"), "\(nowhere)")
    #expect(nowhere.contains("check the repository's address"), "\(nowhere)")
    let unknown = workflow.node("unknown")?.message ?? ""
    #expect(unknown.hasPrefix("input artifact src: failed to resolve revision v9 in file://"), "\(unknown)")

    // Credentials in an address stay out of messages, git's words included.
    let masked = GitArtifactFetcher.failure(
      what: "cannot clone", output: "fatal: repository 'https://bob:hunter2@git.example/x.git/' not found\n")
    #expect(masked.message == "cannot clone: fatal: repository 'https://***@git.example/x.git/' not found")

    var planned = try PlannedInputs()
    planned.fetching.searchPath = "/nonexistent"
    do {
      _ = try planned.plan("{artifacts: [{name: src, path: /src, git: {repo: \"file://\(repository.path)\"}}]}")
      Issue.record("git was found on an empty PATH")
    } catch {
      #expect(error.message.hasPrefix("input artifact src: git is not on PATH"), "\(error)")
      #expect(error.message.contains("install git"))
    }
  }
}
