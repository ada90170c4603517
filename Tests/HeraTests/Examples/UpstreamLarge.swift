import Hera

extension Examples {
  static let upstreamLarge: [GoldenExample] = [
    GoldenExample("upstream/artifacts-workflowtemplate.yaml") {
      let none = ArchiveStrategy(none: NoneStrategy())
      func output(_ name: String, path: String, key: String, archive: ArchiveStrategy? = none) -> OutputArtifact {
        OutputArtifact(Artifact(name: name, archive: archive, path: path, s3: S3Artifact(key: key)))
      }
      let main = ContainerSet(
        "main",
        containers: [
          ContainerNode(name: "setup", args: ["mkdir -p /out/assets\n"], command: ["sh", "-c"], image: "argoproj/argosay:v2"),
          ContainerNode(
            name: "gnuplot",
            args: [
              "-e",
              """
              set xlabel 'Year'; set ylabel 'Mean';
              set grid;
              set datafile separator ',';
              set term png size 600,400;
              set output '/out/assets/global-temp.png';
              plot '/in/annual.csv' every 2::0 skip 1 using 2:3 title 'Global Temperature' with lines linewidth 2;

              """,
            ], dependencies: ["setup"], image: "remuslazar/gnuplot"),
          ContainerNode(
            name: "main",
            args: [
              """
              cowsay "hello world" > /out/hello.txt

              cat > /out/hello.json <<EOF
              {"hello": {"world": true}}\u{20}
              EOF

              echo '* {font-family: sans-serif}' > /out/assets/styles.css

              cat > /out/index.html <<EOF
              <html>
                <head>
                  <link rel='stylesheet' href='assets/styles.css' type='text/css'/>
                </head>
                <body>
                  <h1>Global Temperature</h1>
                  <img src='assets/global-temp.png'/>
                </body>
              </html>
              EOF

              cat > /out/malicious.html <<EOF
              <html>
                <body>
                  <script>alert(1)</script>
                  <p>This page attempts to run a script that shows an alert, but the Argo Server UI Content-Security-Policy will prevent that.</p>
                  <p>To check, open your Web Console and see that "Blocked script execution ... because the document's frame is sandboxed." (or similar) is printed.</p>
                </body>
              </html>
              EOF

              """
            ], command: ["sh", "-c"], dependencies: ["setup"], image: "argoproj/argosay:v2"),
        ],
        volumeMounts: [VolumeMount(name: "in", mountPath: "/in"), VolumeMount(name: "out", mountPath: "/out")]
      ) {
        InputArtifact("temps", path: "/in/annual.csv").with {
          $0.http = HTTPArtifact(url: "https://datahub.io/core/global-temp/r/annual.csv")
        }
        output("text-file", path: "/out/hello.txt", key: "hello.txt")
        output("json-file", path: "/out/hello.json", key: "hello.json")
        output("css-file", path: "/out/assets/styles.css", key: "styles.css")
        output("malicious-file", path: "/out/malicious.html", key: "malicious.html")
        output("report", path: "/out", key: "report/")
        output("tgz-file", path: "/out/hello.txt", key: "file.tgz", archive: nil)
        output("tgz-dir", path: "/out", key: "dir.tgz", archive: nil)
      }
      .volumes([Volume(name: "in", emptyDir: EmptyDirVolumeSource()), Volume(name: "out", emptyDir: EmptyDirVolumeSource())])
      return .workflowTemplate(
        WorkflowTemplate(name: "artifacts", entrypoint: "main") {
          main
        }
        .annotations(["workflows.argoproj.io/description": "This example shows how to produce different types of artifact.\n"]))
    },
    GoldenExample("upstream/map-reduce.yaml") {
      let none = ArchiveStrategy(none: NoneStrategy())
      let split = Script(
        "split", image: "python:alpine3.6", command: ["python"],
        source: """
          import json
          import os
          import sys
          os.mkdir("/mnt/out")
          partIds = list(map(lambda x: str(x), range({{inputs.parameters.numParts}})))
          for i, partId in enumerate(partIds, start=1):
            with open("/mnt/out/" + partId + ".json", "w") as f:
              json.dump({"foo": i}, f)
          json.dump(partIds, sys.stdout)

          """
      ) {
        Input("numParts")
        OutputArtifact(Artifact(name: "parts", archive: none, path: "/mnt/out", s3: S3Artifact(key: "{{workflow.name}}/parts/")))
      }
      let map = Script(
        "map", image: "python:alpine3.6", command: ["python"],
        source: """
          import json
          import os
          import sys
          os.mkdir("/mnt/out")
          with open("/mnt/in/part.json") as f:
            part = json.load(f)
          with open("/mnt/out/part.json", "w") as f:
            json.dump({"bar": part["foo"] * 2}, f)

          """
      ) {
        InputArtifact("part", path: "/mnt/in/part.json")
        Input("partId")
        OutputArtifact(
          Artifact(
            name: "part", archive: none, path: "/mnt/out/part.json",
            s3: S3Artifact(key: "{{workflow.name}}/results/{{inputs.parameters.partId}}.json")))
      }
      let reduce = Script(
        "reduce", image: "python:alpine3.6", command: ["python"],
        source: """
          import json
          import os
          import sys
          total = 0
          os.mkdir("/mnt/out")
          for f in list(map(lambda x: open("/mnt/in/" + x), os.listdir("/mnt/in"))):
            result = json.load(f)
            total = total + result["bar"]
          with open("/mnt/out/total.json" , "w") as f:
            json.dump({"total": total}, f)

          """
      ) {
        InputArtifact(Artifact(name: "results", path: "/mnt/in", s3: S3Artifact(key: "{{workflow.name}}/results")))
        OutputArtifact(
          Artifact(name: "total", archive: none, path: "/mnt/out/total.json", s3: S3Artifact(key: "{{workflow.name}}/total.json")))
      }
      return Workflow(generateName: "map-reduce-", entrypoint: "main") {
        DAG("main") {
          let splitTask = Task("split", template: split, arguments: ["numParts": .workflowParameter("numParts")])
          let mapTask = Task("map", template: map, arguments: ["partId": .item])
            .artifacts([Artifact(name: "part", s3: S3Artifact(key: "{{workflow.name}}/parts/{{item}}.json"))])
            .withParam(splitTask.result)
          splitTask
          mapTask >> Task("reduce", template: reduce)
        }
      }
      .arguments(["numParts": "4"])
      .annotations([
        "workflows.argoproj.io/description": """
        This workflow demonstrates map-reduce using "key-only" artifacts.
        The first task "split" produces a number of parts, each in the form of a JSON document, saving it to a bucket.
        Each "map" task then reads those documents, performs a map operation, and writes them out to a new bucket.
        Finally, "reduce" merges all the mapped documents into a final document.

        """,
        "workflows.argoproj.io/version": ">= 3.0.0",
      ])
    },
    GoldenExample("upstream/buildkit-template.yaml") {
      let clone = Container(
        "clone", image: "alpine/git:v2.26.2",
        args: ["clone", "--depth", "1", "--branch", .input("branch"), "--single-branch", .input("repo"), "."]
      ) {
        Input("repo")
        Input("branch")
      }
      .workingDir("/work")
      .volumeMount("work", at: "/work")
      let build = Container("build", image: "golang:1.13", command: ["go"], args: ["build", "-v", "-o", "argosay", "./..."]) {
        Input("path")
      }
      .workingDir("/work/{{inputs.parameters.path}}")
      .env(["GO111MODULE": "off"])
      .volumeMount("work", at: "/work")
      let image = Container(
        "image", image: "moby/buildkit:v0.9.3-rootless", command: ["buildctl-daemonless.sh"],
        args: [
          "build", "--frontend", "dockerfile.v0", "--local", "context=.", "--local", "dockerfile=.", "--output",
          "type=image,name=docker.io/\(ArgoString.input("image")),push=true",
        ]
      ) {
        Input("path")
        Input("image")
      }
      .workingDir("/work/{{inputs.parameters.path}}")
      .env(["BUILDKITD_FLAGS": "--oci-worker-no-process-sandbox", "DOCKER_CONFIG": "/.docker"])
      .volumeMount("work", at: "/work")
      .volumeMount("docker-config", at: "/.docker")
      .readinessProbe(Probe(exec: ExecAction(command: ["sh", "-c", "buildctl debug workers"])))
      .volumes([Volume(name: "docker-config", secret: SecretVolumeSource(secretName: "docker-config"))])
      return .workflowTemplate(
        WorkflowTemplate(name: "buildkit", entrypoint: "main") {
          DAG("main") {
            (Task(
              "clone", template: clone, arguments: ["repo": .workflowParameter("repo"), "branch": .workflowParameter("branch")])
              >> Task("build", template: build, arguments: ["path": .workflowParameter("path")]))
              >> Task("image", template: image, arguments: ["path": .workflowParameter("path"), "image": .workflowParameter("image")])
          }
        }
        .volumeClaim("work", storage: "64Mi")
        .arguments([
          "repo": "https://github.com/argoproj/argo-workflows", "branch": "master", "path": "test/e2e/images/argosay/v2",
          "image": "alexcollinsintuit/argosay:v2",
        ]))
    },
  ]
}
