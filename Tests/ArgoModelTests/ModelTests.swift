import ArgoTestSupport
import Foundation
import Testing

@testable import ArgoModel

@Suite struct ModelTests {
  @Test func unknownFieldsAreErrorsWhenStrictWithASuggestion() {
    let json: JSONValue = ["name": "a", "dependancies": ["b"], "template": "t"]
    #expect {
      _ = try DAGTask(json: json, options: .strict)
    } throws: { error in
      guard let error = error as? ManifestError else { return false }
      return error.code == .unknownField && error.path.description == "dependancies"
        && "\(error)" == "dependancies: unknown field \"dependancies\" (did you mean \"dependencies\"?)"
    }
  }

  @Test func unknownFieldsAreKeptAndWrittenBackLastWhenPreserving() throws {
    let json: JSONValue = ["name": "a", "futureField": ["x": 1], "template": "t", "anotherNew": true]
    let task = try DAGTask(json: json, options: .preserving)
    #expect(task.unknownFields == ["futureField": ["x": 1], "anotherNew": true])
    #expect(task.toJSON() == json)
    #expect(task.toJSON().objectValue?.keys == ["name", "template", "futureField", "anotherNew"])
  }

  @Test func unknownFieldsDeepInsideAreKept() throws {
    let json: JSONValue = [
      "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": ["name": "w"],
      "spec": ["templates": [["name": "t", "container": ["image": "busybox", "newContainerField": 3]]], "newSpecField": "v"],
      "status": ["phase": "Running", "newStatusField": ["a": [1]]],
    ]
    let workflow = try Workflow(json: json, options: .preserving)
    #expect(workflow.toJSON() == json)
    #expect(workflow.spec.templates?[0].container?.unknownFields == ["newContainerField": 3])
  }

  @Test func missingRequiredFieldsAreErrorsOnlyUnderTheSchemaRules() throws {
    // Argo's decoder has no required fields: strict reading refuses typos, not absences.
    #expect(try Parameter(json: ["value": "1"], options: .strict).name == "")
    #expect {
      _ = try Parameter(json: ["value": "1"], options: .schema)
    } throws: { error in
      (error as? ManifestError)?.code == .missingField && "\(error)".contains("Parameter requires the field \"name\"")
    }
    let lenient = try Parameter(json: ["value": "1"], options: .preserving)
    #expect(lenient.name == "")
    // A server's answer trimmed with `fields=` has no spec.
    let trimmed = try Workflow(json: ["metadata": ["name": "w"], "status": ["phase": "Succeeded"]], options: .preserving)
    #expect(trimmed.status?.phase == "Succeeded")
  }

  @Test func keysThatDifferInCaseAreReadAsGoReadsThemWhenLenient() throws {
    let json: JSONValue = ["name": "p", "valueFrom": ["Parameter": "{{steps.a.outputs.result}}"]]
    // Leniently, as `argo submit` or `argo lint --strict=false`: the field of that name.
    #expect(try Parameter(json: json, options: .preserving).valueFrom?.parameter == "{{steps.a.outputs.result}}")
    // An exact key wins over one in another case.
    let both: JSONValue = ["parameter": "exact", "Parameter": "other"]
    let valueFrom = try ValueFrom(json: both, options: .preserving)
    #expect(valueFrom.parameter == "exact")
    #expect(valueFrom.unknownFields == ["Parameter": "other"])
    // Strictly, as `argo lint`: refused, with the field's name.
    #expect {
      _ = try Parameter(json: json, options: .strict)
    } throws: { error in
      "\(error)".contains("unknown field \"Parameter\"") && "\(error)".contains("case-sensitive: write \"parameter\"")
    }
  }

  @Test func anyStringAcceptsNumbersAndBooleansAndWritesStrings() throws {
    let parameter = try Parameter(
      json: ["name": "p", "value": .number(JSONNumber("1.10")!), "default": true, "enum": [1, "two"]], options: .strict)
    #expect(parameter.value == "1.10")
    #expect(parameter.default == "true")
    #expect(parameter.enum == ["1", "two"])
    #expect(parameter.toJSON()["value"] == .string("1.10"))
    #expect {
      _ = try Parameter(json: ["name": "p", "value": ["a"]], options: .strict)
    } throws: { error in
      "\(error)" == "value: expected a string, number or boolean, found a sequence"
    }
  }

  @Test func intOrStringKeepsItsForm() throws {
    let strategy = try RetryStrategy(json: ["limit": 3], options: .strict)
    #expect(strategy.limit == .int(3))
    #expect(strategy.toJSON()["limit"] == 3)
    let templated = try RetryStrategy(json: ["limit": "{{inputs.parameters.n}}"], options: .strict)
    #expect(templated.limit == .string("{{inputs.parameters.n}}"))
    #expect(templated.toJSON()["limit"] == "{{inputs.parameters.n}}")
    #expect {
      _ = try RetryStrategy(json: ["limit": 1.5], options: .strict)
    } throws: { error in
      (error as? ManifestError)?.code == .invalidValue && "\(error)".contains("limit: expected an integer or a string, found 1.5")
    }
    // YAML's infinities and not-a-number are floats Kubernetes refuses there, not text.
    for text in ["limit: .inf", "limit: -.Inf", "limit: .nan"] {
      #expect(throws: ManifestError.self) {
        _ = try ManifestReader(options: .strict).decode(RetryStrategy.self, from: Array(text.utf8), format: .yaml)
      }
    }
  }

  @Test func quantitiesKeepTheirForm() throws {
    let resources = try ResourceRequirements(json: ["limits": ["cpu": 2, "memory": "1Gi"], "requests": ["cpu": "500m"]], options: .strict)
    #expect(resources.limits?["cpu"]?.isNumber == true)
    #expect(resources.toJSON() == ["limits": ["cpu": 2, "memory": "1Gi"], "requests": ["cpu": "500m"]])
    #expect(resources.requests?["cpu"]?.value == 0.5)
    #expect(Quantity("1Gi").value == 1_073_741_824)
  }

  @Test func pluginIsAnObjectWithOneKey() throws {
    let plugin = try Plugin(json: ["slack": ["text": "done"]], options: .strict)
    #expect(plugin.name == "slack")
    #expect(plugin.toJSON() == ["slack": ["text": "done"]])
    #expect(throws: ManifestError.self) { try Plugin(json: ["a": 1, "b": 2], options: .strict) }
  }

  @Test func emptyPlaceholderObjectsSurvive() throws {
    let archive = try ArchiveStrategy(json: ["none": [:]], options: .strict)
    #expect(archive.none != nil)
    #expect(archive.toJSON() == ["none": [:]])
  }

  @Test func wrongTypesNameTheirPlace() {
    #expect {
      _ = try Workflow(
        json: ["metadata": ["name": "w"], "spec": ["templates": [["name": "a", "steps": ["not", "nested"]]]]], options: .strict)
    } throws: { error in
      "\(error)" == "spec.templates[0].steps[0]: expected a sequence, found a string \"not\""
    }
    #expect {
      _ = try Workflow(json: ["metadata": ["name": "w"], "spec": ["parallelism": "two"]], options: .strict)
    } throws: { error in
      "\(error)" == "spec.parallelism: expected an integer, found a string \"two\""
    }
    #expect {
      _ = try Workflow(json: ["metadata": ["name": "w", "labels": ["app.kubernetes.io/name": ["x"]]], "spec": [:]], options: .strict)
    } throws: { error in
      "\(error)" == "metadata.labels[\"app.kubernetes.io/name\"]: expected a string, found a sequence"
    }
  }

  @Test func kindAndAPIVersionAreChecked() throws {
    let workflow = try Workflow(json: ["metadata": [:], "spec": [:]], options: .strict)
    #expect(workflow.apiVersion == "argoproj.io/v1alpha1")
    #expect(workflow.kind == "Workflow")
    #expect {
      _ = try Workflow(json: ["apiVersion": "argoproj.io/v2", "metadata": [:], "spec": [:]], options: .strict)
    } throws: { error in
      "\(error)" == "apiVersion: expected \"argoproj.io/v1alpha1\", found \"argoproj.io/v2\""
    }
  }

  @Test func codableThroughFoundationKeepsUnknownFields() throws {
    let text = #"{"metadata":{"name":"w","futureMeta":1},"spec":{"entrypoint":"main","futureSpec":{"a":[true]}}}"#
    let workflow = try JSONDecoder().decode(Workflow.self, from: Data(text.utf8))
    #expect(workflow.metadata.name == "w")
    #expect(workflow.spec.unknownFields == ["futureSpec": ["a": [true]]])
    let encoded = try JSONEncoder().encode(workflow)
    let decodedAgain = try JSONDecoder().decode(Workflow.self, from: encoded)
    #expect(decodedAgain == workflow)
    let strict = JSONDecoder()
    strict.userInfo[.argoRejectsUnknownFields] = true
    #expect(throws: (any Error).self) { try strict.decode(Workflow.self, from: Data(text.utf8)) }
  }

  @Test func nestedOptionalsAreValuesWithIndependentCopies() {
    var task = DAGTask(name: "a", arguments: Arguments(parameters: [Parameter(name: "p", value: "1")]))
    let copy = task
    task.arguments?.parameters?.append(Parameter(name: "q"))
    task.arguments!.parameters![0].value = "2"
    #expect(task.arguments?.parameters?.count == 2)
    #expect(task.arguments?.parameters?[0].value == "2")
    #expect(copy.arguments?.parameters?.count == 1, "the copy is not changed")
    #expect(copy.arguments?.parameters?[0].value == "1")
    task.arguments = nil
    #expect(task.arguments == nil)
    #expect(copy != task)
  }

  @Test func recursiveTemplatesNest() throws {
    let inner = Template(name: "inner", container: Container(image: "busybox"))
    let task = DAGTask(name: "t", inline: Template(dag: DAGTemplate(tasks: [DAGTask(name: "u", inline: inner)])))
    let json = task.toJSON()
    #expect(try DAGTask(json: json, options: .strict) == task)
    #expect(json["inline"]?["dag"]?["tasks"]?[0]?["inline"]?["name"] == "inner")
  }
}

extension JSONValue {
  fileprivate subscript(index: Int) -> JSONValue? {
    arrayValue.flatMap { index < $0.count ? $0[index] : nil }
  }
}

@Suite struct SpellingTests {
  @Test func editDistanceCountsASwapAsOneEdit() {
    #expect(Spelling.editDistance("vintgae", "vintage") == 1)
    #expect(Spelling.editDistance("ab", "ba") == 1)
    #expect(Spelling.editDistance("kitten", "sitting") == 3)
    #expect(Spelling.editDistance("", "abc") == 3)
    #expect(Spelling.editDistance("same", "same") == 0)
    #expect(Spelling.closest(to: "vintgae", among: ["vintage", "borough"]) == "vintage")
    #expect(Spelling.closest(to: "dependancies", among: ["dependencies", "depends"]) == "dependencies")
    #expect(Spelling.closest(to: "xyz", among: ["vintage"]) == nil)
  }
}
