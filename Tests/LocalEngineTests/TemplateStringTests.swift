import ArgoModel
import Testing

@testable import LocalEngine

@Suite struct TemplateStringTests {
  let scope: ExpressionScope = [
    "inputs.parameters.vintage": "2009",
    "inputs.parameters.a": "A",
    "inputs.parameters.foo": "4",
    "workflow.name": "collect-x7k2p",
    "item": ["borough": "LYON_1ER", "year": 2009],
    "item.borough": "LYON_1ER",
    "tasks.skipped.outputs.parameters.msg": nil,
  ]

  func render(_ text: String, _ policy: UnresolvedPolicy = .fail) throws -> String {
    try TemplateString.render(text, scope: scope, unresolved: policy)
  }

  func failure(_ text: String, _ policy: UnresolvedPolicy = .fail) -> ExpressionError? {
    do {
      _ = try TemplateString.render(text, scope: scope, unresolved: policy)
      return nil
    } catch {
      return error
    }
  }

  @Test func simpleTags() throws {
    #expect(try render("collect {{inputs.parameters.vintage}}") == "collect 2009")
    #expect(try render("{{ inputs.parameters.vintage }}-{{workflow.name}}") == "2009-collect-x7k2p")
    #expect(try render("no tags here") == "no tags here")
    #expect(try render("{{item.borough}}") == "LYON_1ER")
  }

  @Test func jsonItemsAreCompactWithSortedKeys() throws {
    #expect(try render("{{item}}") == #"{"borough":"LYON_1ER","year":2009}"#)
  }

  @Test func expressionTags() throws {
    #expect(try render("{{=asInt(inputs.parameters.foo) * 10}}") == "40")
    #expect(try render("{{=asInt(inputs.parameters.vintage) + 1}}") == "2010")
    #expect(try render("{{=asFloat(inputs.parameters.foo) / 8}}") == "0.5")
    #expect(try render("{{= inputs.parameters['a'] + '!' }}") == "A!")
    #expect(try render("{{=item}}") == "map[borough:LYON_1ER year:2009]")
    #expect(try render("{{=[1, 'a']}}") == "[1 a]")
    #expect(try render("{{=1000000.0 * 1.5}}") == "1.5e+06")
    #expect(try render("{{=tasks.skipped.outputs.parameters.msg ?? 'fallback'}}") == "fallback")
  }

  @Test func nestedTagsSubstituteTheInnerName() throws {
    let nested: ExpressionScope = ["item": "a", "inputs.parameters.a": "A"]
    #expect(try TemplateString.render("{{inputs.parameters.{{item}}}}", scope: nested) == "{{inputs.parameters.a}}")
  }

  @Test func unresolvedPolicies() throws {
    let error = failure("x {{inputs.parameters.vintag}}")
    #expect(error?.code == .unresolvedVariable)
    #expect(error?.message == "unresolved variable {{inputs.parameters.vintag}}")
    #expect(error?.hint == "did you mean inputs.parameters.vintage?")
    #expect(error?.offset == 2)
    #expect(try render("{{tasks.a.outputs.result}}", .keep) == "{{tasks.a.outputs.result}}")
    #expect(try render("{{=asInt(tasks.a.outputs.result)}}", .keep) == "{{=asInt(tasks.a.outputs.result)}}")
    #expect(failure("{{tasks.a.outputs.result}}", .keep(except: ["tasks"]))?.code == .unresolvedVariable)
    #expect(try render("{{tasks.a.outputs.artifacts.x}}", .keep(except: ["tasks"])) == "{{tasks.a.outputs.artifacts.x}}")
    #expect(try render("{{steps.b.outputs.result}}", .keep(except: ["tasks"])) == "{{steps.b.outputs.result}}")
  }

  @Test func absentOutputsAreErrorsWhateverThePolicy() {
    let error = failure("{{tasks.skipped.outputs.parameters.msg}}", .keep)
    #expect(error?.code == .absentValue)
    #expect(error?.variable == "tasks.skipped.outputs.parameters.msg")
    #expect(failure("{{=tasks.skipped.outputs.parameters.msg}}", .keep)?.code == .absentValue)
  }

  @Test func failingExpressionsSayWhere() {
    let error = failure("{{=asInt('x')}}")
    #expect(error?.message == "in {{=asInt('x')}}: asInt: \"x\" is not an integer")
    #expect(failure("{{=nil}}")?.message == "in {{=nil}}: the expression gave nil")
  }

  @Test func unclosedTags() {
    let error = failure("echo {{inputs.parameters.vintage")
    #expect(error?.code == .syntax)
    #expect(error?.message == "unclosed {{: no }} after it")
    #expect(error?.offset == 5)
  }

  @Test func jsonValuesAreRenderedThroughout() throws {
    let value: JSONValue = ["args": ["{{inputs.parameters.a}}", 1], "{{inputs.parameters.a}}-key": "v"]
    #expect(try TemplateString.render(value, scope: scope) == ["args": ["A", 1], "A-key": "v"])
    let failing: JSONValue = ["args": ["ok", "{{nope}}"]]
    #expect(throws: ExpressionError.self) { try TemplateString.render(failing, scope: scope) }
    do {
      _ = try TemplateString.render(failing, scope: scope)
    } catch {
      #expect(error.message == "args[1]: unresolved variable {{nope}}")
    }
  }

  @Test func referencesListSimpleAndExpressionTags() {
    #expect(
      TemplateString.references(in: "{{a.b}} {{=asInt(inputs.parameters['x']) + retries}} {{a.b}}")
        == ["a.b", "inputs.parameters.x", "retries"])
    #expect(TemplateString.containsTags("x {{y}}"))
    #expect(!TemplateString.containsTags("x { {y} }"))
  }
}
