import ArgoModel
import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

/// Workflows running in the simulator: nodes named as Argo names them, phases advancing tick by
/// tick, failures, and every action.
@Suite struct SimulatorRunTests {
  @Test func argoHashOfNodeNames() {
    // Argo's UI tests pin these values of its FNV-1a hash.
    #expect(ArgoNames.fnv("hello") == 1_335_831_723)
    #expect(ArgoNames.fnv("world") == 933_488_787)
  }

  @Test func dagRunsToSucceededWithArgoNodes() async throws {
    try await withSimulator { argo, client in
      let name = try await client.create(Manifests.diamond(name: "diamond"))
      await argo.advance()
      var workflow = try #require(await argo.workflow(name))
      #expect(workflow.at("status", "phase") == "Running")
      #expect(workflow.at("metadata", "labels", "workflows.argoproj.io/phase") == "Running")
      #expect(workflow.at("metadata", "labels", "workflows.argoproj.io/completed") == "false")
      var nodes = workflow.nodesByDisplayName
      #expect(nodes["diamond"]?["type"] == "DAG")
      #expect(nodes["diamond"]?["id"] == "diamond")
      #expect(nodes["a"]?["phase"] == "Pending")
      #expect(nodes["b"] == nil)

      // Every state the server answers reads strictly as Argo's model and fits Argo's schema
      // (but for the `null` Go writes for a time not set yet, as the real server does).
      for _ in 0..<50 {
        let state = try #require(await argo.workflow(name))
        #expect(SchemaValidator.argo.validate(document: state).filter { !$0.hasSuffix("found null") } == [])
        _ = try Workflow(json: state, options: .strict)
        if state.at("status", "phase") == "Succeeded" { break }
        await argo.advance()
      }
      workflow = try #require(await argo.workflow(name))
      #expect(workflow.at("status", "phase") == "Succeeded")
      nodes = workflow.nodesByDisplayName
      #expect(workflow.at("status", "progress") == "5/5")
      #expect(workflow.at("status", "finishedAt")?.stringValue != nil)
      #expect(workflow.at("metadata", "labels", "workflows.argoproj.io/completed") == "true")
      let a = try #require(nodes["a"])
      #expect(a["id"] == .string(ArgoNames.nodeID(name, "diamond.a")))
      #expect(a["name"] == "diamond.a")
      #expect(a["type"] == "Pod")
      #expect(a["templateName"] == "work")
      #expect(a["boundaryID"] == "diamond")
      #expect(a["phase"] == "Succeeded")
      #expect(a["progress"] == "1/1")
      let fan = try #require(nodes["fan"])
      #expect(fan["type"] == "TaskGroup")
      let first = try #require(nodes["fan(0:x)"])
      #expect(first["name"] == "diamond.fan(0:x)")
      #expect(fan["children"] == [.string(first["id"]!.stringValue!), .string(ArgoNames.nodeID(name, "diamond.fan(1:y)"))])
      // A depends on its dependencies through children: the DAG → a → fan and b → c (from each item).
      #expect(nodes["diamond"]?["children"] == [a["id"]!])
      let c = try #require(nodes["c"]?["id"])
      #expect(a["children"] == [fan["id"]!, nodes["b"]!["id"]!])
      #expect(first["children"] == [c])
      #expect(nodes["b"]?["children"] == [c])
      let lines = await argo.logLines(of: name)
      #expect(
        lines.filter { $0.podName == ArgoNames.podName(name, template: "work", nodeName: "diamond.a") }.map(\.content) == [
          "a: step 1 of 3", "a: step 2 of 3", "a: step 3 of 3",
        ])
    }
  }

  @Test func stepsFailAsArgoReportsIt() async throws {
    try await withSimulator { argo, _ in
      let steps = Manifests.workflow(
        name: "steps",
        templates: [
          [
            "name": "main",
            "steps": [
              [["name": "prepare", "template": "ok"]], [["name": "crash", "template": "bad"], ["name": "other", "template": "ok"]],
              [["name": "never", "template": "ok"]],
            ],
          ],
          Manifests.container("ok"),
          Manifests.container("bad", command: ["sh", "-c", "exit 1"]),
        ])
      try await argo.addWorkflow(steps)
      #expect(await argo.runUntilFinished("steps") == "Failed")
      let workflow = try #require(await argo.workflow("steps"))
      let nodes = workflow.nodesByDisplayName
      let crash = try #require(nodes["crash"])
      #expect(crash["phase"] == "Failed")
      #expect(crash["message"] == "Error (exit code 1)")
      #expect(crash["boundaryID"] == "steps")
      #expect(nodes["[1]"]?["type"] == "StepGroup")
      #expect(nodes["[1]"]?["message"] == .string("child '\(crash["id"]!.stringValue!)' failed"))
      #expect(nodes["other"]?["phase"] == "Succeeded")
      #expect(nodes["never"] == nil)
      #expect(workflow.at("status", "message") == .string("child '\(crash["id"]!.stringValue!)' failed"))
      #expect(workflow.at("status", "progress") == "2/3")
      let lines = await argo.logLines(of: "steps").filter {
        $0.podName == ArgoNames.podName("steps", template: "bad", nodeName: "steps[1].crash")
      }
      #expect(lines.map(\.content) == ["crash: step 1 of 3", "crash: step 2 of 3", "crash: error: exit code 1"])

      // The annotation fails nodes by name too.
      try await argo.addWorkflow(Manifests.hello(name: "marked", annotations: [ArgoServerSimulator.failAnnotation: "marked"]))
      #expect(await argo.runUntilFinished("marked") == "Failed")
      #expect(await argo.workflow("marked")?["status"]?["message"] == "Error (exit code 1)")
    }
  }

  @Test func retryResubmitAndSet() async throws {
    try await withSimulator { argo, client in
      let name = try await client.create(Manifests.diamond(name: "flaky", annotations: [ArgoServerSimulator.failOnceAnnotation: "b"]))
      #expect(await argo.runUntilFinished(name) == "Failed")
      #expect(await argo.workflow(name)?.nodesByDisplayName["c"]?["phase"] == "Omitted")
      let notFailed = try await client.call("PUT", "/api/v1/workflows/argo/\(name)/resubmit", body: ["memoized": true])
      #expect(notFailed.status == 200)
      let resubmitted = try #require(notFailed.json.at("metadata", "name")?.stringValue)
      #expect(resubmitted.hasPrefix("flaky-"))
      #expect(notFailed.json.at("metadata", "labels", "workflows.argoproj.io/resubmitted-from-workflow") == "flaky")

      let retried = try await client.call("PUT", "/api/v1/workflows/argo/\(name)/retry", body: [:])
      #expect(retried.status == 200)
      #expect(retried.json.at("status", "phase") == "Running")
      #expect(retried.json.nodesByDisplayName["b"] == nil)
      #expect(retried.json.nodesByDisplayName["a"]?["phase"] == "Succeeded")
      #expect(await argo.runUntilFinished(name) == "Succeeded")
      let again = try await client.call("PUT", "/api/v1/workflows/argo/\(name)/retry", body: [:])
      #expect(again.json == ["code": 3, "message": "workflow must be Failed/Error to retry"])
      let memoized = try await client.call("PUT", "/api/v1/workflows/argo/\(name)/resubmit", body: ["memoized": true])
      #expect(memoized.json["message"] == "workflow must be Failed/Error to resubmit in memoized mode")

      // An approval: a suspend node set with output parameters, then the rest runs.
      let approval = Manifests.workflow(
        name: "approval",
        templates: [
          ["name": "main", "steps": [[["name": "approve", "template": "gate"]], [["name": "deploy", "template": "work"]]]],
          ["name": "gate", "suspend": [:], "outputs": ["parameters": [["name": "answer", "valueFrom": ["supplied": [:]]]]]],
          Manifests.container("work"),
        ])
      try await client.create(approval)
      await argo.advance(steps: 5)
      #expect(await argo.workflow("approval")?.nodesByDisplayName["approve"]?["phase"] == "Running")
      let set = try await client.call(
        "PUT", "/api/v1/workflows/argo/approval/set",
        body: ["nodeFieldSelector": "displayName=approve", "phase": "Succeeded", "outputParameters": #"{"answer":"yes"}"#])
      #expect(set.status == 200, "\(set.json)")
      #expect(set.json.nodesByDisplayName["approve"]?["outputs"] == ["parameters": [["name": "answer", "value": "yes"]]])
      let wrongNode = try await client.call(
        "PUT", "/api/v1/workflows/argo/approval/set", body: ["nodeFieldSelector": "displayName=deploy", "phase": "Failed"])
      #expect(wrongNode.status == 400)
      #expect(await argo.runUntilFinished("approval") == "Succeeded")
      #expect(await argo.counters.actions == ["resubmit": 1, "retry": 1, "set": 1])
    }
  }

  @Test func suspendResumeStopAndTerminate() async throws {
    try await withSimulator { argo, client in
      try await client.create(Manifests.hello(name: "paused"))
      await argo.advance(steps: 2)
      let suspended = try await client.call("PUT", "/api/v1/workflows/argo/paused/suspend", body: [:]).json
      #expect(suspended.at("spec", "suspend") == true)
      await argo.advance(steps: 10)
      #expect(await argo.workflow("paused")?["status"]?["phase"] == "Running")
      #expect(try await client.call("PUT", "/api/v1/workflows/argo/paused/resume", body: [:]).json.at("spec", "suspend") == nil)
      #expect(await argo.runUntilFinished("paused") == "Succeeded")
      #expect(
        try await client.call("PUT", "/api/v1/workflows/argo/paused/suspend", body: [:]).json["message"]
          == "cannot suspend completed workflows")
      #expect(
        try await client.call("PUT", "/api/v1/workflows/argo/paused/stop", body: [:]).json["message"]
          == "cannot shutdown a completed workflow")

      let withExit = Manifests.workflow(name: "stopped", templates: [Manifests.container("main"), Manifests.container("cleanup")])
      var exitSpec = withExit
      exitSpec = JSONValue.object(
        exitSpec.objectValue!.merging(spec: ["entrypoint": "main", "onExit": "cleanup", "templates": withExit.at("spec", "templates")!]))
      try await client.create(exitSpec)
      await argo.advance(steps: 2)
      let stopping = try await client.call("PUT", "/api/v1/workflows/argo/stopped/stop", body: ["message": "enough"]).json
      #expect(stopping.at("spec", "shutdown") == "Stop")
      #expect(await argo.runUntilFinished("stopped") == "Failed")
      let stopped = try #require(await argo.workflow("stopped"))
      #expect(stopped.at("status", "message") == "Stopped with strategy 'Stop'")
      // Argo's server drops the message of a stop without a node selector.
      #expect(stopped.nodesByDisplayName["stopped"]?["message"] == "Stopped with strategy 'Stop'")
      #expect(stopped.nodesByDisplayName["stopped.onExit"]?["phase"] == "Succeeded")

      try await client.create(exitSpec.replacingName("terminated"))
      await argo.advance(steps: 2)
      #expect(try await client.call("PUT", "/api/v1/workflows/argo/terminated/terminate", body: [:]).status == 200)
      #expect(await argo.runUntilFinished("terminated") == "Failed")
      let terminated = try #require(await argo.workflow("terminated"))
      #expect(terminated.at("status", "message") == "Stopped with strategy 'Terminate'")
      #expect(terminated.nodesByDisplayName["terminated.onExit"] == nil)
    }
  }

  @Test func templateRefsAndWorkflowTemplateRefsResolveThroughTheModel() async throws {
    try await withSimulator { argo, client in
      try await argo.addWorkflowTemplate([
        "metadata": ["name": "lib"],
        "spec": [
          "entrypoint": "main",
          "templates": [
            [
              "name": "main",
              "dag": ["tasks": [["name": "a", "template": "work"], ["name": "b", "template": "work", "depends": "'a' && a.Succeeded"]]],
            ],
            Manifests.container("work"),
          ],
        ],
      ])
      // A templateRef to a template the WorkflowTemplate lacks is refused in Argo's words.
      let misspelt = Manifests.workflow(templates: [
        ["name": "main", "steps": [[["name": "s", "templateRef": ["name": "lib", "template": "wrok"]]]]]
      ])
      let refused = try await client.call("POST", "/api/v1/workflows/argo", body: ["workflow": misspelt])
      #expect(refused.status == 400)
      #expect(refused.json["message"] == "templates.main.steps[0].s template reference lib.wrok not found")

      // The run takes its entrypoint and templates from the WorkflowTemplate through the model's
      // join, and reads the quoted `'a'` in `depends` as task a.
      let referring: JSONValue = [
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": ["name": "joined"],
        "spec": ["workflowTemplateRef": ["name": "lib"]],
      ]
      let name = try await client.create(referring)
      #expect(await argo.runUntilFinished(name) == "Succeeded")
      let nodes = try #require(await argo.workflow(name)).nodesByDisplayName
      #expect(nodes["b"]?["phase"] == "Succeeded")
      #expect(nodes["a"]?["children"] == [try #require(nodes["b"]?["id"])])
    }
  }

  @Test func submitFromTemplatesAndCron() async throws {
    try await withSimulator { argo, client in
      let template: JSONValue = [
        "metadata": ["name": "collect"],
        "spec": [
          "entrypoint": "main", "arguments": ["parameters": [["name": "vintage", "value": "2009"]]],
          "templates": [Manifests.container("main"), Manifests.container("other")],
        ],
      ]
      try await argo.addWorkflowTemplate(template)
      try await argo.addClusterWorkflowTemplate(template)
      let submitted = try await client.call(
        "POST", "/api/v1/workflows/argo/submit",
        body: [
          "resourceKind": "WorkflowTemplate", "resourceName": "collect",
          "submitOptions": ["parameters": ["vintage=2010", "extra=1"], "labels": "team=geo,run=a", "entryPoint": "other"],
        ])
      #expect(submitted.status == 200, "\(submitted.json)")
      let workflow = submitted.json
      let name = try #require(workflow.at("metadata", "name")?.stringValue)
      #expect(name.hasPrefix("collect-"))
      #expect(workflow.at("spec", "workflowTemplateRef") == ["name": "collect"])
      #expect(workflow.at("spec", "entrypoint") == "other")
      #expect(workflow.at("spec", "arguments", "parameters") == [["name": "vintage", "value": "2010"], ["name": "extra", "value": "1"]])
      #expect(workflow.at("metadata", "labels", "workflows.argoproj.io/workflow-template") == "collect")
      #expect(workflow.at("metadata", "labels", "team") == "geo")
      #expect(await argo.runUntilFinished(name) == "Succeeded")
      #expect(await argo.workflow(name)?.nodesByDisplayName[name]?["templateName"] == "other")

      let cluster = try await client.call(
        "POST", "/api/v1/workflows/argo/submit", body: ["resourceKind": "clusterworkflowtemplate", "resourceName": "collect"])
      #expect(cluster.json.at("metadata", "labels", "workflows.argoproj.io/cluster-workflow-template") == "collect")
      #expect(cluster.json.at("spec", "workflowTemplateRef", "clusterScope") == true)

      let cron: JSONValue = [
        "metadata": ["name": "nightly"],
        "spec": ["schedules": ["0 3 * * *"], "workflowSpec": ["entrypoint": "main", "templates": [Manifests.container("main")]]],
      ]
      try await argo.addCronWorkflow(cron)
      let fromCron = try await client.call(
        "POST", "/api/v1/workflows/argo/submit", body: ["resourceKind": "CronWorkflow", "resourceName": "nightly"])
      #expect(fromCron.json.at("metadata", "labels", "workflows.argoproj.io/cron-workflow") == "nightly")
      #expect(fromCron.json.at("metadata", "name")?.stringValue?.hasPrefix("nightly-") == true)

      let dryRun = try await client.call(
        "POST", "/api/v1/workflows/argo/submit",
        body: ["resourceKind": "WorkflowTemplate", "resourceName": "collect", "submitOptions": ["serverDryRun": true]])
      #expect(dryRun.status == 200)
      #expect(
        try await client.call("POST", "/api/v1/workflows/argo/submit", body: ["resourceKind": "Pod", "resourceName": "x"]).status == 400)
      let missing = try await client.call(
        "POST", "/api/v1/workflows/argo/submit", body: ["resourceKind": "WorkflowTemplate", "resourceName": "nope"])
      #expect(missing.json == ["code": 5, "message": #"workflowtemplates.argoproj.io "nope" not found"#])
      #expect(await argo.creations == 3)
    }
  }

  @Test func compressedNodesAndArchive() async throws {
    var settings = ArgoServerSimulator.Settings()
    settings.archivePolicy = .whenFinished
    try await withSimulator(settings) { argo, client in
      try await client.create(Manifests.hello(name: "big", labels: [ArgoServerSimulator.compressLabel: "true"]))
      #expect(await argo.runUntilFinished("big") == "Succeeded")
      let workflow = try await client.call("GET", "/api/v1/workflows/argo/big").json
      #expect(workflow.at("status", "nodes") == nil)
      let compressed = try #require(workflow.at("status", "compressedNodes")?.stringValue)
      let gzip = try #require(Data(base64Encoded: compressed)).map { $0 }
      #expect(Array(gzip.prefix(3)) == [0x1F, 0x8B, 0x08])
      // One stored deflate block: its length, then the JSON itself.
      let length = Int(gzip[11]) | Int(gzip[12]) << 8
      let nodes = try #require(try ManifestReader().values(Array(gzip[15..<15 + length]), format: .json).first)
      #expect(nodes["big"]?["phase"] == "Succeeded")

      let archived = try await client.call("GET", "/api/v1/archived-workflows", query: ["namespace": "argo"]).json
      let items = try #require(archived["items"]?.arrayValue)
      #expect(items.count == 1)
      #expect(items.first?.at("metadata", "labels", "workflows.argoproj.io/workflow-archiving-status") == "Archived")
      #expect(items.first?.at("status", "phase") == "Succeeded")
      let uid = try #require(items.first?.at("metadata", "uid")?.stringValue)
      #expect(try await client.call("DELETE", "/api/v1/workflows/argo/big").status == 200)
      // The live workflow gone, the server answers the archived one.
      #expect(try await client.call("GET", "/api/v1/workflows/argo/big").json.at("metadata", "uid") == .string(uid))
      #expect(try await client.call("GET", "/api/v1/archived-workflows/\(uid)").json.at("status", "compressedNodes") != nil)
      #expect(try await client.call("GET", "/api/v1/archived-workflows", query: ["namePrefix": "other"]).json["items"] == [])
      #expect(try await client.call("DELETE", "/api/v1/archived-workflows/\(uid)").status == 200)
      #expect(try await client.call("GET", "/api/v1/archived-workflows/\(uid)").status == 404)
    }
  }

  @Test func advancesByItself() async throws {
    try await withSimulator { argo, _ in
      try await argo.addWorkflow(Manifests.hello(name: "auto"))
      await argo.autoAdvance(every: .milliseconds(5))
      let deadline = ContinuousClock.now + .seconds(10)
      while await argo.workflow("auto")?["status"]?["phase"] != "Succeeded", ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(10))
      }
      #expect(await argo.workflow("auto")?["status"]?["phase"] == "Succeeded")
    }
  }
}

extension JSONValue {
  /// The workflow under another name.
  func replacingName(_ name: String) -> JSONValue {
    guard var object = objectValue, var metadata = object["metadata"]?.objectValue else { return self }
    metadata["name"] = .string(name)
    object["metadata"] = .object(metadata)
    return .object(object)
  }
}
