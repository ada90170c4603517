import Hera

extension Examples {
  static let upstreamInfluxDB: [GoldenExample] = [
    GoldenExample("upstream/influxdb-ci.yaml") {
      let sourcePath = "/go/src/github.com/influxdata/influxdb"
      let prepare = "cd \(sourcePath) && go get github.com/golang/dep/cmd/dep && dep ensure -vendor-only"
      func sh(_ name: String, image: String = "golang:1.9.2", _ script: ArgoString) -> Container {
        Container(name, image: image, command: ["/bin/sh", "-c"], args: [script])
      }
      let checkout = sh("checkout", "cd /src && git status && ls -l").io {
        InputArtifact(
          Artifact(
            name: "source", git: GitArtifact(repo: "{{workflow.parameters.repo}}", revision: "{{workflow.parameters.revision}}"),
            path: "/src"))
        OutputArtifact("source", path: "/src")
      }
      let build = sh("build", " \(prepare) && go install -v ./... ")
        .resources(requests: ["cpu": "200m", "memory": "1024Mi"])
        .io {
          InputArtifact("source", path: sourcePath)
          OutputArtifact("influxd", path: "/go/bin")
        }
      let testUnit = sh("test-unit", " \(prepare) && go test -parallel=1 ./... ").io { InputArtifact("source", path: sourcePath) }
      let testCovBase = sh(
        "test-cov-base",
        " \(prepare) && go test -v -coverprofile /tmp/cov.out ./\(ArgoString.input("package")) && go tool cover -html=/tmp/cov.out -o /tmp/index.html "
      )
      .resources(requests: ["cpu": "200m", "memory": "4096Mi"])
      .io {
        InputArtifact("source", path: sourcePath)
        Input("package")
        OutputArtifact("covreport", path: "/tmp/index.html")
      }
      let testCov = Steps("test-cov") {
        Parallel {
          Step("test-cov-query", template: testCovBase, arguments: ["package": "query"])
            .artifacts(["source": "{{inputs.artifacts.source}}"])
          Step("test-cov-tsm1", template: testCovBase, arguments: ["package": "tsdb/engine/tsm1"])
            .artifacts(["source": "{{inputs.artifacts.source}}"])
        }
      } io: {
        InputArtifact("source")
      }
      let server = sh("influxdb-server", image: "debian:9.4", "chmod +x /app/influxd && /app/influxd")
        .readinessProbe(Probe(httpGet: HTTPGetAction(path: "/ping", port: 8086), initialDelaySeconds: 5, timeoutSeconds: 1))
        .resources(requests: ["cpu": "250m", "memory": "512Mi"])
        .daemon()
        .io {
          InputArtifact("influxd", path: "/app")
          OutputArtifact("data", path: "/var/lib/influxdb/data")
        }
      let client = sh("influxdb-client", image: "appropriate/curl:latest", .input("cmd"))
        .resources(requests: ["cpu": "100m", "memory": "32Mi"])
        .io { Input("cmd") }
      let testE2E = Steps("test-e2e") {
        let influx = Step("influxdb-server", template: server).artifacts(["influxd": "{{inputs.artifacts.influxd}}"])
        influx
        Step(
          "initdb", template: client,
          arguments: ["cmd": #"curl -XPOST 'http://\#(influx.ip):8086/query' --data-urlencode "q=CREATE DATABASE mydb""#])
        Parallel {
          Step(
            "producer1", template: client,
            arguments: [
              "cmd":
                #"for i in $(seq 1 20); do curl -XPOST 'http://\#(influx.ip):8086/write?db=mydb' -d "cpu,host=server01,region=uswest load=$i" ; sleep .5 ; done"#
            ])
          Step(
            "producer2", template: client,
            arguments: [
              "cmd":
                #"for i in $(seq 1 20); do curl -XPOST 'http://\#(influx.ip):8086/write?db=mydb' -d "cpu,host=server02,region=uswest load=$((RANDOM % 100))" ; sleep .5 ; done"#
            ])
          Step(
            "producer3", template: client,
            arguments: ["cmd": "curl -XPOST 'http://\(influx.ip):8086/write?db=mydb' -d 'cpu,host=server03,region=useast load=15.4'"])
          Step(
            "consumer", template: client,
            arguments: [
              "cmd":
                #"curl --silent -G http://\#(influx.ip):8086/query?pretty=true --data-urlencode "db=mydb" --data-urlencode "q=SELECT * FROM cpu""#
            ])
        }
      } io: {
        InputArtifact("influxd")
      }
      return Workflow(generateName: "influxdb-ci-", entrypoint: "influxdb-ci") {
        Steps("influxdb-ci") {
          let checkedOut = Step("checkout", template: checkout)
          let built = Step("build", template: build).artifacts(["source": checkedOut.artifact("source")])
          checkedOut
          Parallel {
            built
            Step("test-unit", template: testUnit).artifacts(["source": checkedOut.artifact("source")])
          }
          Parallel {
            Step("test-cov", template: testCov).artifacts(["source": checkedOut.artifact("source")])
            Step("test-e2e", template: testE2E).artifacts(["influxd": built.artifact("influxd")])
          }
        }
        checkout
        build
        testUnit
        testCov
        testCovBase
        testE2E
        server
        client
      }
      .arguments(["repo": "https://github.com/influxdata/influxdb.git", "revision": "1.6"])
    }
  ]
}
