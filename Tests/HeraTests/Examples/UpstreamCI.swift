import Hera

extension Examples {
  static let upstreamCI: [GoldenExample] = [
    GoldenExample("upstream/ci-workflowtemplate.yaml") {
      let source = "/go/src/github.com/golang/example"
      func golang(_ name: String, flags: ArgoString, _ script: ArgoString?, sourceMounted: Bool = true) -> Container {
        var container = Container(name, image: "golang:1.18", command: script == nil ? nil : ["sh", flags], args: script.map { [$0] })
          .workingDir(source)
        if sourceMounted { container = container.volumeMount("work", at: source, subPath: "src") }
        return
          container
          .volumeMount("work", at: "/go/pkg/mod", subPath: "GOMODCACHE")
          .volumeMount("work", at: "/root/.cache/go-build", subPath: "GOCACHE")
      }
      func cache(_ name: String, path: String) -> Artifact {
        Artifact(
          name: name, optional: true, path: path,
          s3: S3Artifact(key: "github.com/golang/examples/{{workflow.parameters.branch}}/\(name)"))
      }
      let restore = Container(
        "cache-restore", image: "golang:1.18", command: ["sh", "-euxc"],
        args: [
          """
          mkdir -p $(go env GOMODCACHE)
          [ -e /mnt/GOMODCACHE ] && cp -Rf /mnt/GOMODCACHE $(go env GOMODCACHE)
          mkdir -p $(go env GOCACHE)
          [ -e /mnt/GOCACHE ] &&  cp -Rf /mnt/GOCACHE $(go env GOCACHE)

          """
        ]
      ) {
        InputArtifact(cache("GOMODCACHE", path: "/mnt/GOMODCACHE"))
        InputArtifact(cache("GOCACHE", path: "/mnt/GOCACHE"))
      }
      .workingDir(source)
      .volumeMount("work", at: "/go/pkg/mod", subPath: "mod")
      .volumeMount("work", at: "/root/.cache/go-build", subPath: "cache")
      let clone = golang(
        "clone", flags: "-euxc",
        "git clone -v -b \"{{workflow.parameters.branch}}\" --single-branch --depth 1 https://github.com/golang/example.git .\n")
      let deps = golang("deps", flags: "-xuce", "go mod download -x\n")
      let build = golang("build", flags: "-xuce", "go build ./...\n")
      let test = golang(
        "test", flags: "-euxc",
        """
        go install github.com/jstemmer/go-junit-report@latest
        go install github.com/alexec/junit2html@v0.0.2

        trap 'cat test.out | go-junit-report | junit2html > test-report.html' EXIT

        go test -v ./... 2>&1 > test.out

        """
      )
      .io {
        OutputArtifact(
          Artifact(
            name: "test-report", archive: ArchiveStrategy(none: NoneStrategy()), path: "\(source)/test-report.html",
            s3: S3Artifact(key: "{{workflow.parameters.branch}}/test-report.html")))
      }
      let store = golang("cache-store", flags: "", nil, sourceMounted: false).io {
        OutputArtifact(cache("GOMODCACHE", path: "/go/pkg/mod"))
        OutputArtifact(cache("GOCACHE", path: "/root/.cache/go-build"))
      }
      return .workflowTemplate(
        WorkflowTemplate(name: "ci", entrypoint: "main") {
          restore
          clone
          deps
          build
          test
          store
          DAG("main") {
            let restoreTask = Task("cache-restore", template: restore)
            let cloneTask = Task("clone", template: clone)
            let depsTask = Task("deps", template: deps).dependencies([cloneTask, restoreTask])
            let buildTask = Task("build", template: build).dependencies([depsTask])
            restoreTask
            cloneTask
            depsTask
            buildTask
            Task("test", template: test).dependencies([buildTask])
          }
        }
        .onExit(store)
        .volumeClaim("work", storage: "64Mi")
        .arguments(["branch": "master"]))
    }
  ]
}
