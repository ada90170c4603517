import Hera
import Testing

@Suite struct DSLTests {
  let echo = Container("echo", image: "busybox", command: ["echo", .input("m")]) { Input("m") }

  @Test func swiftLoopsAndConditionsUnrollWhenTheSpecIsBuilt() throws {
    let vintages = ["2009", "2012"]
    let includeReport = false
    let workflow = Workflow(generateName: "unroll-", entrypoint: "main") {
      DAG("main") {
        let done = Hera.Task("done", template: echo, arguments: ["m": "done"])
        for vintage in vintages {
          Hera.Task("collect-\(vintage)", template: echo, arguments: ["m": ArgoString(vintage)]).withItems(["LYON_1ER", "LYON_8EME"])
            >> done
        }
        if includeReport {
          Hera.Task("report", template: echo, arguments: ["m": "r"])
        } else {
          Hera.Task("no-report", template: echo, arguments: ["m": "n"])
        }
      }
    }
    let tasks = try #require(workflow.spec.templates?.first { $0.name == "main" }?.dag?.tasks)
    #expect(tasks.map(\.name) == ["collect-2009", "done", "collect-2012", "no-report"])
    #expect(tasks[1].depends == "collect-2009 && collect-2012")
    #expect(tasks[0].withItems == ["LYON_1ER", "LYON_8EME"])
    #expect(workflow.spec.templates?.map(\.name) == ["main", "echo"], "used templates are registered after the listed ones")
    #expect(!Linter().lint(.workflow(workflow)).hasErrors)
  }

  @Test func referencesToOutputsAddDependencies() throws {
    let generate = Script("generate", image: "python:3", command: ["python"], source: "print('[1, 2]')")
    let dag = DAG("main") {
      let list = Hera.Task("generate", template: generate)
      let count = Hera.Task("count", template: generate)
      Hera.Task("fan", template: echo, arguments: ["m": .item]).withParam(list.result)
      Hera.Task("seq", template: echo, arguments: ["m": .item]).withSequence(count: SequenceBound(count.result))
      Hera.Task("when", template: echo, arguments: ["m": "x"]).when("\(count.result) > 1")
      Hera.Task("chained", template: echo, arguments: ["m": list.result]).depends(count.failed)
    }
    let tasks = try #require(dag.template.dag?.tasks)
    #expect(tasks.first { $0.name == "fan" }?.depends == "generate")
    #expect(tasks.first { $0.name == "fan" }?.withParam == "{{tasks.generate.outputs.result}}")
    #expect(tasks.first { $0.name == "seq" }?.depends == "count")
    #expect(tasks.first { $0.name == "seq" }?.withSequence?.count == .string("{{tasks.count.outputs.result}}"))
    #expect(tasks.first { $0.name == "when" }?.depends == "count")
    #expect(tasks.first { $0.name == "chained" }?.depends == "count.Failed && generate")
  }

  @Test func chainsAndListEdges() throws {
    let dag = DAG("main") {
      let a = Hera.Task("a", template: echo, arguments: ["m": "a"])
      let b = Hera.Task("b", template: echo, arguments: ["m": "b"])
      let c = Hera.Task("c", template: echo, arguments: ["m": "c"])
      let d = Hera.Task("d", template: echo, arguments: ["m": "d"]).dependencies([a])
      chain(a, b, c)
      d
    }
    let tasks = try #require(dag.template.dag?.tasks)
    #expect(tasks.map(\.depends) == [nil, "a", "b", nil])
    #expect(tasks[3].dependencies == ["a"])
  }

  @Test func templateReferencesAndInlineTemplates() throws {
    let step = Step("call", templateRef: "library", template: "hello", clusterScope: true, arguments: ["who": "world"])
    #expect(step.node.templateRef == TemplateRef(name: "library", clusterScope: true, template: "hello"))
    let inline = Hera.Task("inline", inline: Container("ignored", image: "busybox"))
    #expect(inline.node.inline?.name == nil)
    #expect(inline.node.inline?.container?.image == "busybox")
    let workflow = Workflow(generateName: "ref-").workflowTemplateRef("library", clusterScope: true)
    #expect(workflow.spec.workflowTemplateRef == WorkflowTemplateRef(name: "library", clusterScope: true))
    #expect(workflow.spec.templates == nil)
  }

  @Test func artifactsAndVolumes() throws {
    let template = Container("process", image: "busybox") {
      InputArtifact("city", path: "/data/city.json").stored(in: .s3(bucket: "lyon", key: "2012/city.json"))
      InputArtifact("code", path: "/src").stored(in: .git(repo: "https://example.org/code.git", revision: "main"))
      OutputArtifact("tiles", path: "/out").stored(in: .gcs(bucket: "tiles", key: "out")).archive(.none)
    }
    .volumeMount("shared", at: "/mnt/shared")
    .volumes([.claim("shared", claimName: "lyon-data"), .emptyDir("scratch"), .configMap("proxy", configMap: "http-proxy")])
    .envFrom(configMap: "http-proxy")
    .env("TOKEN", secret: "registry", key: "token")
    .resources(requests: ["cpu": "500m"], limits: ["memory": "1Gi"])
    .retryStrategy(limit: 3, policy: "OnFailure", backoff: Backoff(duration: "5s", factor: 2))
    .timeout("10m")
    let json = template.template.toJSON()
    #expect(json["inputs"]?["artifacts"]?.arrayValue?[0]["s3"] == ["bucket": "lyon", "key": "2012/city.json"])
    #expect(json["outputs"]?["artifacts"]?.arrayValue?[0]["archive"] == ["none": [:]])
    #expect(json["volumes"]?.arrayValue?.map { $0["name"] } == ["shared", "scratch", "proxy"])
    #expect(json["container"]?["envFrom"] == [["configMapRef": ["name": "http-proxy"]]])
    #expect(json["retryStrategy"] == ["backoff": ["duration": "5s", "factor": 2], "limit": 3, "retryPolicy": "OnFailure"])
    let workflow = Workflow(generateName: "artifacts-", entrypoint: "process") { template }
    #expect(!Linter().lint(.workflow(workflow)).hasErrors)
  }

  @Test func workflowSettings() throws {
    let workflow = Workflow(generateName: "settings-", entrypoint: "echo") { echo }
      .arguments(["m": "hello"])
      .podGC("OnPodSuccess")
      .ttlStrategy(afterCompletion: 3600)
      .parallelism(4)
      .serviceAccountName("argo-workflow")
      .imagePullSecrets(["registry"])
      .mutex("lyon")
      .volumeClaim("workdir", storage: "10Gi")
      .labels(["experiment": "collect"])
    let spec = workflow.spec
    #expect(spec.podGC?.strategy == "OnPodSuccess")
    #expect(spec.ttlStrategy?.secondsAfterCompletion == 3600)
    #expect(spec.parallelism == 4)
    #expect(spec.serviceAccountName == "argo-workflow")
    #expect(spec.imagePullSecrets?.map(\.name) == ["registry"])
    #expect(spec.synchronization?.mutexes?.map(\.name) == ["lyon"])
    #expect(spec.volumeClaimTemplates?.first?.spec?.resources?.requests?["storage"] == "10Gi")
    #expect(workflow.metadata.labels == ["experiment": "collect"])
    #expect(Linter(options: .submit).lint(.workflow(workflow)).isEmpty)
  }

  @Test func conflictingDefinitionsAreKeptForLintToReport() {
    let first = Container("work", image: "busybox")
    let second = Container("work", image: "alpine")
    let workflow = Workflow(generateName: "conflict-", entrypoint: "main") {
      Steps("main") {
        Step("a", template: first)
        Step("b", template: second)
      }
    }
    #expect(workflow.spec.templates?.map(\.name) == ["main", "work", "work"])
    #expect(Linter().lint(.workflow(workflow)).contains { $0.rule == "template-name" && $0.message.contains("not unique") })
  }

  @Test func cronWorkflowsAndTemplates() throws {
    let cron = CronWorkflow(
      name: "nightly", schedules: ["0 2 * * *"], timezone: "Europe/Paris", concurrencyPolicy: "Forbid", entrypoint: "echo"
    ) {
      echo.inputs([]).modify { $0.inputs = nil }.modify { $0.container?.command = ["echo", "nightly"] }
    }
    .cron { $0.successfulJobsHistoryLimit = 3 }
    #expect(cron.spec.successfulJobsHistoryLimit == 3)
    #expect(cron.spec.workflowSpec.templates?.first?.container?.command == ["echo", "nightly"])
    #expect(Linter().lint(.cronWorkflow(cron)).isEmpty)
    let template = WorkflowTemplate(name: "library") { echo }
    #expect(template.metadata.name == "library")
    #expect(template.spec.entrypoint == nil)
  }
}

extension JSONValue {
  fileprivate subscript(index: Int) -> JSONValue? { arrayValue.flatMap { index < $0.count ? $0[index] : nil } }
}
