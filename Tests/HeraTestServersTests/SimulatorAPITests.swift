import ArgoModel
import Foundation
import HTTPTransport
import HeraTestServers
import Testing

/// The simulator's unary API over TLS: authentication, objects and their metadata, lists, and
/// validation, in the Argo Server's formats.
@Suite struct SimulatorAPITests {
  @Test func authenticationAndAuthorisation() async throws {
    var settings = ArgoServerSimulator.Settings()
    settings.basePath = "/argo"
    try await withSimulator(settings) { argo, client in
      var client = client

      #expect(try await client.call("GET", "/api/v1/workflows/argo").status == 200)
      #expect(try await client.call("GET", "/api/v1/version").json["version"] == "v4.1.2")
      let forbidden = try await client.call("GET", "/api/v1/workflows/lyon")
      #expect(forbidden.status == 403)
      #expect(forbidden.json["code"] == 7)
      #expect(
        forbidden.json["message"]
          == #"workflows.argoproj.io is forbidden: User "system:serviceaccount:argo:hera" cannot list resource "workflows" in API group "argoproj.io" in the namespace "lyon""#
      )
      #expect(try await client.call("GET", "/api/v1/nothing-here").json == ["code": 5, "message": "Not Found"])

      client.token = nil
      let missing = try await client.call("GET", "/api/v1/version")
      #expect(missing.status == 401)
      #expect(missing.json == ["code": 16, "message": "token not valid. see https://argo-workflows.readthedocs.io/en/latest/faq/"])
      client.token = "not-a-scheme"
      #expect(try await client.call("GET", "/api/v1/workflows/argo").status == 401)

      // A well-formed token the cluster does not know passes the gatekeeper: only calls that reach
      // Kubernetes are refused.
      client.token = "Bearer expired"
      #expect(try await client.call("GET", "/api/v1/version").status == 200)
      #expect(try await client.call("GET", "/api/v1/userinfo").json == [:])
      let refused = try await client.call("GET", "/api/v1/workflows/argo")
      #expect(refused.status == 401)
      #expect(refused.json == ["code": 16, "message": "Unauthorized"])

      // Without the base path the server is not there.
      let outside = try await client.transport.send(HTTPRequestSpec(url: URL(string: argo.server.url() + "/api/v1/version")!))
      #expect(outside.status == 404)
    }
  }

  @Test func createGetAndMetadata() async throws {
    try await withSimulator { argo, client in
      let (status, created) = try await client.call("POST", "/api/v1/workflows/argo", body: ["workflow": Manifests.hello()])
      #expect(status == 200)
      let name = try #require(created.at("metadata", "name")?.stringValue)
      #expect(name.hasPrefix("hello-") && name.count == 11)
      #expect(name.dropFirst(6).allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
      #expect(created.at("metadata", "namespace") == "argo")
      #expect(created.at("metadata", "uid")?.stringValue?.count == 36)
      #expect(created.at("metadata", "creationTimestamp")?.stringValue?.hasSuffix("Z") == true)
      #expect(created.at("status", "phase") == "Pending")
      let firstVersion = try #require(Int(created.at("metadata", "resourceVersion")?.stringValue ?? ""))

      let second = try await client.call("POST", "/api/v1/workflows/argo", body: ["workflow": Manifests.hello(name: "fixed")])
      #expect(try #require(Int(second.json.at("metadata", "resourceVersion")?.stringValue ?? "")) > firstVersion)
      let again = try await client.call("POST", "/api/v1/workflows/argo", body: ["workflow": Manifests.hello(name: "fixed")])
      #expect(again.status == 409)
      #expect(again.json == ["code": 6, "message": #"workflows.argoproj.io "fixed" already exists"#])

      #expect(try await client.call("GET", "/api/v1/workflows/argo/\(name)").json.at("metadata", "uid") == created.at("metadata", "uid"))
      let trimmed = try await client.call("GET", "/api/v1/workflows/argo/\(name)", query: ["fields": "metadata.name,status.phase"]).json
      #expect(trimmed == ["metadata": ["name": .string(name)], "status": ["phase": "Pending"]])
      let missing = try await client.call("GET", "/api/v1/workflows/argo/nope")
      #expect(missing.status == 404)
      #expect(missing.json == ["code": 5, "message": #"workflows.argoproj.io "nope" not found"#])

      #expect(try await client.call("DELETE", "/api/v1/workflows/argo/fixed").json == [:])
      #expect(try await client.call("DELETE", "/api/v1/workflows/argo/fixed").status == 404)
      #expect(await argo.workflows().count == 1)
      #expect(await argo.creations == 2)
    }
  }

  @Test func listsWithSelectorsAndPages() async throws {
    try await withSimulator { argo, client in
      let empty = try await client.call("GET", "/api/v1/workflows/argo").json
      #expect(empty["items"] == .null)
      #expect(empty.at("metadata", "resourceVersion")?.stringValue != nil)
      let labels: [[String: String]] = [
        ["app": "collect", "vintage": "2009"], ["app": "collect", "vintage": "2010"], ["app": "merge"], ["app": "merge", "tier": "gold"],
        [:],
      ]
      var names: [String] = []
      for (index, set) in labels.enumerated() { names.append(try await client.create(Manifests.hello(name: "w\(index)", labels: set))) }

      func listed(_ query: [String: String]) async throws -> [String] {
        let (status, json) = try await client.call("GET", "/api/v1/workflows/argo", query: query)
        #expect(status == 200, "\(query): \(json)")
        return json["items"]?.arrayValue?.compactMap { $0.at("metadata", "name")?.stringValue } ?? []
      }
      #expect(try await listed([:]) == names)
      #expect(try await listed(["listOptions.labelSelector": "app=collect"]) == ["w0", "w1"])
      #expect(try await listed(["listOptions.labelSelector": "app==merge,tier"]) == ["w3"])
      #expect(try await listed(["listOptions.labelSelector": "app!=collect"]) == ["w2", "w3", "w4"])
      #expect(try await listed(["listOptions.labelSelector": "!app"]) == ["w4"])
      #expect(try await listed(["listOptions.labelSelector": "vintage in (2009, 2011)"]) == ["w0"])
      #expect(try await listed(["listOptions.labelSelector": "app,vintage notin (2009)"]) == ["w1", "w2", "w3"])
      #expect(try await listed(["listOptions.fieldSelector": "metadata.name=w2"]) == ["w2"])
      #expect(try await listed(["listOptions.fieldSelector": "metadata.name!=w2,metadata.namespace=argo"]) == ["w0", "w1", "w3", "w4"])
      let unsupported = try await client.call("GET", "/api/v1/workflows/argo", query: ["listOptions.fieldSelector": "status.phase=Running"])
      #expect(unsupported.status == 400)
      #expect(unsupported.json == ["code": 3, "message": "field label not supported: status.phase"])

      var pages: [[String]] = []
      var token: String?
      repeat {
        var query = ["listOptions.limit": "2"]
        if let token { query["listOptions.continue"] = token }
        let json = try await client.call("GET", "/api/v1/workflows/argo", query: query).json
        pages.append(json["items"]?.arrayValue?.compactMap { $0.at("metadata", "name")?.stringValue } ?? [])
        token = json.at("metadata", "continue")?.stringValue
      } while token != nil && pages.count < 10
      #expect(pages == [["w0", "w1"], ["w2", "w3"], ["w4"]])
      #expect(try await client.call("GET", "/api/v1/workflows/argo", query: ["listOptions.continue": "garbage"]).status == 400)

      let names2 = try await client.call(
        "GET", "/api/v1/workflows/argo", query: ["fields": "items.metadata.name", "listOptions.limit": "1"]
      ).json
      #expect(names2 == ["items": [["metadata": ["name": "w0"]]]])
    }
  }

  @Test func validationAndRequestBodies() async throws {
    try await withSimulator { argo, client in
      func refusal(_ body: JSONValue, path: String = "/api/v1/workflows/argo") async throws -> String? {
        let (status, json) = try await client.call("POST", path, body: body)
        #expect(status == 400, "\(json)")
        #expect(json["code"] == 3)
        return json["message"]?.stringValue
      }
      #expect(
        try await client.raw("POST", "/api/v1/workflows/argo", body: "not json").json["message"]
          == "invalid character 'n' looking for beginning of value")
      #expect(try await refusal([:]) == "workflow body not specified")
      #expect(
        try await refusal(["workflow": "hello"])
          == "json: cannot unmarshal string into Go struct field WorkflowCreateRequest.workflow of type v1alpha1.Workflow")
      #expect(
        try await refusal(["workflow": Manifests.hello(), "serverDryRun": "yes"])
          == "json: cannot unmarshal string into Go struct field WorkflowCreateRequest.serverDryRun of type bool")
      #expect(
        try await refusal(["workflow": Manifests.workflow(entrypoint: "nope", templates: [Manifests.container("main")])])
          == "template name 'nope' undefined")
      #expect(
        try await refusal(["workflow": Manifests.workflow(templates: [Manifests.container("main"), Manifests.container("main")])])
          == "spec.templates[1].name 'main' is not unique")
      let badDependency = Manifests.workflow(templates: [
        [
          "name": "main",
          "dag": ["tasks": [["name": "a", "template": "main"], ["name": "b", "template": "main", "dependencies": ["x"]]]],
        ]
      ])
      #expect(try await refusal(["workflow": badDependency]) == "templates.main.tasks.b dependency 'x' not defined")
      let cycle = Manifests.workflow(templates: [
        [
          "name": "main",
          "dag": [
            "tasks": [["name": "a", "template": "w", "dependencies": ["b"]], ["name": "b", "template": "w", "dependencies": ["a"]]]
          ],
        ],
        Manifests.container("w"),
      ])
      #expect(try await refusal(["workflow": cycle]) == "templates.main.tasks dependency cycle detected: a->b->a")
      let schema = Manifests.workflow(templates: [["name": "main", "container": "alpine"]])
      #expect(
        try await refusal(["workflow": schema])
          == "json: cannot unmarshal string into Go struct field Workflow.spec.templates.container of type object")
      #expect(
        try await refusal(["workflow": Manifests.workflow(templates: [["name": "main"]])])?.hasPrefix(
          "templates.main template type unspecified") == true)

      // Lint validates without storing; a dry run names the workflow without storing it.
      let lint = try await client.call("POST", "/api/v1/workflows/argo/lint", body: ["workflow": Manifests.hello()])
      #expect(lint.status == 200)
      #expect(lint.json.at("metadata", "namespace") == "argo")
      #expect(try await refusal(["workflow": schema], path: "/api/v1/workflows/argo/lint") != nil)
      let dryRun = try await client.call("POST", "/api/v1/workflows/argo", body: ["workflow": Manifests.hello(), "serverDryRun": true])
      #expect(dryRun.json.at("metadata", "name")?.stringValue?.hasPrefix("hello-") == true)
      #expect(await argo.workflows().isEmpty)
      #expect(await argo.creations == 0)
    }
  }

  @Test func templatesUpdatesAndCronWorkflows() async throws {
    try await withSimulator { argo, client in
      let template: JSONValue = [
        "metadata": ["name": "collect"],
        "spec": ["entrypoint": "main", "templates": [Manifests.container("main")]],
      ]
      let created = try await client.call("POST", "/api/v1/workflow-templates/argo", body: ["template": template])
      #expect(created.status == 200)
      #expect(created.json["kind"] == "WorkflowTemplate")
      #expect(try await client.call("POST", "/api/v1/workflow-templates/argo", body: ["template": template]).status == 409)
      let read = try await client.call("GET", "/api/v1/workflow-templates/argo/collect").json

      var changed = read
      changed = JSONValue.object(
        changed.objectValue!.merging(spec: ["entrypoint": "main", "templates": [Manifests.container("main", command: ["true"])]]))
      let updated = try await client.call("PUT", "/api/v1/workflow-templates/argo/collect", body: ["template": changed])
      #expect(updated.status == 200, "\(updated.json)")
      #expect(updated.json.at("metadata", "generation") == 2)
      #expect(updated.json.at("metadata", "resourceVersion") != read.at("metadata", "resourceVersion"))
      let stale = try await client.call("PUT", "/api/v1/workflow-templates/argo/collect", body: ["template": changed])
      #expect(stale.status == 409)
      #expect(
        stale.json
          == [
            "code": 10,
            "message":
              #"Operation cannot be fulfilled on workflowtemplates.argoproj.io "collect": the object has been modified; please apply your changes to the latest version and try again"#,
          ])
      let unversioned = try await client.call("PUT", "/api/v1/workflow-templates/argo/collect", body: ["template": template])
      #expect(unversioned.status == 400)
      #expect(
        unversioned.json["message"]
          == #"workflowtemplates.argoproj.io "collect" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update"#
      )
      #expect(try await client.call("PUT", "/api/v1/workflow-templates/argo/other", body: ["template": template]).status == 400)
      #expect(try await client.call("POST", "/api/v1/workflow-templates/argo/lint", body: ["template": template]).status == 200)
      let list = try await client.call("GET", "/api/v1/workflow-templates/argo").json
      #expect(list["items"]?.arrayValue?.count == 1)
      #expect(try await client.call("DELETE", "/api/v1/workflow-templates/argo/collect").status == 200)
      #expect(
        try await client.call("GET", "/api/v1/workflow-templates/argo/collect").json["message"]
          == #"workflowtemplates.argoproj.io "collect" not found"#)

      let cluster = try await client.call("POST", "/api/v1/cluster-workflow-templates", body: ["template": template])
      #expect(cluster.json.at("metadata", "namespace") == nil)
      #expect(try await client.call("GET", "/api/v1/cluster-workflow-templates/collect").status == 200)

      let cron: JSONValue = [
        "metadata": ["name": "nightly"],
        "spec": ["schedules": ["0 3 * * *"], "workflowSpec": ["entrypoint": "main", "templates": [Manifests.container("main")]]],
      ]
      #expect(try await client.call("POST", "/api/v1/cron-workflows/argo", body: ["cronWorkflow": cron]).status == 200)
      let suspended = try await client.call("PUT", "/api/v1/cron-workflows/argo/nightly/suspend").json
      #expect(suspended.at("spec", "suspend") == true)
      #expect(await argo.cronWorkflow("nightly")?["spec"]?["suspend"] == true)
      #expect(try await client.call("PUT", "/api/v1/cron-workflows/argo/nightly/resume").json.at("spec", "suspend") == false)
      var unscheduled = cron
      unscheduled = JSONValue.object(
        unscheduled.objectValue!.merging(spec: ["schedules": [], "workflowSpec": cron.at("spec", "workflowSpec")!]))
      #expect(
        try await client.call("POST", "/api/v1/cron-workflows/argo/lint", body: ["cronWorkflow": unscheduled]).json["message"]
          == "cron workflow must have at least one schedule")
      let triggered = try await argo.triggerCronWorkflow("nightly")
      #expect(triggered.at("metadata", "labels", "workflows.argoproj.io/cron-workflow") == "nightly")
    }
  }
}

extension JSONObject {
  /// The object with its `spec` replaced.
  func merging(spec: JSONValue) -> JSONObject {
    var copy = self
    copy["spec"] = spec
    return copy
  }
}
