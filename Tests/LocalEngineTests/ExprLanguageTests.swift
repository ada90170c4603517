import ArgoModel
import Testing

@testable import LocalEngine

@Suite struct ExprLanguageTests {
  let scope: ExpressionScope = [
    "inputs.parameters.count": "3",
    "inputs.parameters.my-param": "hello",
    "inputs.parameters.should-print": "true",
    "inputs.parameters.week-temps": #"{"min": 12, "max": 30.5, "avg": 21}"#,
    "workflow.name": "collect-x7k2p",
    "workflow.parameters.config": #"{"a": "1", "employees": [{"name": "Baris", "age": 43}, {"name": "Ann", "age": 30}]}"#,
    "workflow.parameters.json": #"[{"value": "true"}]"#,
    "steps.flip-coin.outputs.result": "heads",
    "steps.heads.outputs.result": "it was heads",
    "steps.tails.outputs.result": "it was tails",
    "tasks.producer.outputs.parameters.msg": nil,
    "lastRetry.exitCode": "2",
    "lastRetry.status": "Failed",
    "lastRetry.duration": "12",
    "lastRetry.message": "pod deleted",
    "retries": "1",
    "item": ["borough": "LYON_1ER", "year": 2009],
  ]

  func value(_ source: String) throws -> JSONValue {
    try ExprLanguage.evaluate(source, scope: scope)
  }

  func failure(_ source: String) -> ExpressionError? {
    do {
      _ = try ExprLanguage.evaluate(source, scope: scope)
      return nil
    } catch {
      return error
    }
  }

  @Test func literalsAndArithmetic() throws {
    #expect(try value("1 + 2 * 3") == 7)
    #expect(try value("(1 + 2) * 3") == 9)
    #expect(try value("7 / 2") == 3.5)
    #expect(try value("6 / 2") == 3)
    #expect(try value("7 % 3") == 1)
    #expect(try value("2 ** 10") == 1024)
    #expect(try value("-3 + 1") == -2)
    #expect(try value("1.5 + 1") == 2.5)
    #expect(try value("'a' + \"b\"") == "ab")
    #expect(try value("[1, 'x', true, nil]") == [1, "x", true, nil])
    #expect(try value("{a: 1, 'b-c': 2}") == ["a": 1, "b-c": 2])
    #expect(try value("1..3") == [1, 2, 3])
    #expect(try value("9223372036854775807 + 1") == .number(JSONNumber(Int.min)))
  }

  @Test func comparisonsFollowExprLang() throws {
    #expect(try value("1 == 1.0") == true)
    #expect(try value("'1' == 1") == false)
    #expect(try value("'abc' < 'abd'") == true)
    #expect(try value("2 < 2.5") == true)
    #expect(try value("nil == nil") == true)
    #expect(try value("[1, 2] == [1, 2]") == true)
    let mismatch = failure("inputs.parameters.count > 1")
    #expect(mismatch?.code == .type)
    #expect(mismatch?.message.contains("mismatched types string and int") == true)
    #expect(mismatch?.hint == "parameters are strings: convert them with asInt(…) or asFloat(…)")
  }

  @Test func logicAndConditionals() throws {
    #expect(try value("true && !false") == true)
    #expect(try value("true and not false or false") == true)
    #expect(try value("false && undefined.name") == false)
    #expect(try value("1 > 2 ? 'a' : 'b'") == "b")
    #expect(try value("2 in [1, 2]") == true)
    #expect(try value("3 not in [1, 2]") == true)
    #expect(try value("'a' in {a: 1}") == true)
    #expect(try value("'borough' in item") == true)
    #expect(try value("'foobar' contains 'oba'") == true)
    #expect(try value("'foobar' startsWith 'foo' && 'foobar' endsWith 'bar'") == true)
    #expect(try value("'heads' matches '^h.*s$'") == true)
    #expect(try value("tasks.producer.outputs.parameters.msg ?? 'expr-fallback'") == "expr-fallback")
    #expect(try value("inputs.parameters.missing ?? 'none'") == "none")
  }

  @Test func variablesResolveThroughMembersAndIndexes() throws {
    #expect(try value("workflow.name") == "collect-x7k2p")
    #expect(try value("inputs.parameters['my-param']") == "hello")
    #expect(try value("inputs['parameters'][\"my-param\"]") == "hello")
    #expect(try value("steps['flip-coin'].outputs.result") == "heads")
    #expect(try value("item.borough") == "LYON_1ER")
    #expect(try value("item['year'] + 1") == 2010)
    #expect(try value("len(inputs.parameters)") == 4)
    #expect(try value("keys(steps['flip-coin'].outputs)") == ["result"])
  }

  @Test func unknownVariablesSuggestTheClosestName() {
    let error = failure("inputs.parameters.cont + 1")
    #expect(error?.code == .unresolvedVariable)
    #expect(error?.variable == "inputs.parameters.cont")
    #expect(error?.message == "unknown name inputs.parameters.cont")
    #expect(error?.hint == "did you mean inputs.parameters.count?")
    #expect(failure("workflw.name")?.hint == "did you mean workflow?")
  }

  @Test func stringsAndIndexing() throws {
    #expect(try value("'hello'[1:3]") == "el")
    #expect(try value("[1, 2, 3, 4][1:3]") == [2, 3])
    #expect(try value("[1, 2, 3][-1]") == 3)
    #expect(try value("[1, 2, 3][:2]") == [1, 2])
    #expect(failure("[1, 2, 3][5]")?.message == "index out of range: 5 (the array has 3 elements)")
  }

  @Test func builtins() throws {
    #expect(try value("len('héllo')") == 5)
    #expect(try value("int('42') + int(2.9)") == 44)
    #expect(try value("float('2.5') * 2") == 5.0)
    #expect(try value("string(12) + 'x'") == "12x")
    #expect(try value("upper('a') + lower('B')") == "Ab")
    #expect(try value("trim('  x ')") == "x")
    #expect(try value("trimPrefix('v1.2', 'v')") == "1.2")
    #expect(try value("trimSuffix('a.yaml', '.yaml')") == "a")
    #expect(try value("split('a,b,c', ',')") == ["a", "b", "c"])
    #expect(try value("join(['a', 'b'], '-')") == "a-b")
    #expect(try value("replace('a-b-c', '-', '_')") == "a_b_c")
    #expect(try value("indexOf('hello', 'l')") == 2)
    #expect(try value("toJSON({b: 1, a: [1, 2]})") == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": 1\n}")
    #expect(try value("toJson({b: 1, a: 'x<y'})") == #"{"a":"x\u003cy","b":1}"#)
    #expect(try value("fromJSON('{\"a\": [1, 2]}').a[1]") == 2)
    #expect(try value("abs(-3) + abs(-1.5)") == 4.5)
    #expect(try value("max(1, 5, 3)") == 5)
    #expect(try value("min([4, 2.5])") == 2.5)
    #expect(try value("values({a: 1})") == [1])
    #expect(try value("filter([1, 2, 3, 4], # > 2)") == [3, 4])
    #expect(try value("filter([1, 2, 3, 4], {# % 2 == 0})") == [2, 4])
    #expect(try value("map([1, 2], {# * 10})") == [10, 20])
    #expect(try value("map([{n: 'a'}, {n: 'b'}], .n)") == ["a", "b"])
    #expect(try value("all([1, 2], # > 0) && any([1, 2], # == 2) && none([1, 2], # > 5)") == true)
    #expect(try value("count([1, 2, 3], # >= 2)") == 2)
    #expect(try value("filter(['a.log', 'main.log'], {# endsWith \"main.log\"})") == ["main.log"])
    #expect(try value("[1, 2, 3] | filter(# > 1) | map(# * 2)") == [4, 6])
    #expect(try value("'abc' | upper()") == "ABC")
  }

  @Test func argoFunctions() throws {
    #expect(try value("asInt(inputs.parameters.count) * 10") == 30)
    #expect(try value("asFloat('1.5') + asInt('2')") == 3.5)
    let notNumber = failure("asInt('abc')")
    #expect(notNumber?.code == .evaluation)
    #expect(notNumber?.message == "asInt: \"abc\" is not an integer")
    #expect(failure("asInt('1.5')")?.hint == "use asFloat for a decimal number")
    #expect(try value("jsonpath(inputs.parameters['week-temps'], '$.avg')") == 21)
    #expect(try value("jsonpath(inputs.parameters['week-temps'], '$.max')") == 30.5)
    #expect(try value("jsonpath(workflow.parameters.config, '$.a')") == "1")
    #expect(try value("jsonpath(workflow.parameters.config, '$.employees[*].name')") == ["Baris", "Ann"])
    #expect(try value("jsonpath(workflow.parameters.config, '$.employees[0:1]')") == [["name": "Baris", "age": 43]])
    #expect(try value("jsonpath(workflow.parameters.config, '$.employees[?(@.age>42 && @.age<44)].age')") == [43])
    #expect(try value("jsonpath(workflow.parameters.config, '$.employees[?(@.name==\"Baris\")].age')") == [43])
    #expect(try value("jsonpath(workflow.parameters.config, \"$['employees'][-1].name\")") == "Ann")
    #expect(try value("jsonpath(workflow.parameters.json, '$[0].value') == 'true'") == true)
  }

  @Test func sprigHelpers() throws {
    #expect(try value("sprig.trim('  a ')") == "a")
    #expect(try value("sprig.upper('a') + sprig.lower('B')") == "Ab")
    #expect(try value("sprig.title('hello world')") == "Hello World")
    #expect(try value("sprig.replace('-', '_', 'a-b')") == "a_b")
    #expect(try value("sprig.contains('ell', 'hello')") == true)
    #expect(try value("sprig.hasPrefix('he', 'hello') && sprig.hasSuffix('lo', 'hello')") == true)
    #expect(try value("sprig.splitList(',', 'a,b')") == ["a", "b"])
    #expect(try value("sprig.split(',', 'a,b')") == ["_0": "a", "_1": "b"])
    #expect(try value("sprig.join('+', ['a', 1])") == "a+1")
    #expect(try value("sprig.repeat(3, 'ab')") == "ababab")
    #expect(try value("sprig.trunc(3, 'abcdef')") == "abc")
    #expect(try value("sprig.default('x', '')") == "x")
    #expect(try value("sprig.default('x', 'y')") == "y")
    #expect(try value("sprig.empty('') && !sprig.empty([1])") == true)
    #expect(try value("sprig.toString(12)") == "12")
    #expect(try value("sprig.quote('a\"b') + sprig.squote('c')") == #""a\"b"'c'"#)
    #expect(try value("sprig.add(1, '2') + sprig.sub(5, 3) + sprig.mul(2, 3) + sprig.div(7, 2)") == 14)
    #expect(try value("sprig.atoi('42') + sprig.int('x')") == 42)
    #expect(try value("sprig.float64('1.5')") == 1.5)
    #expect(try value("sprig.int(retries) + 1") == 2)
    #expect(failure("sprig.date('2006', workflow.name)")?.code == .unsupported)
    #expect(failure("sprig.nope('x')")?.code == .unsupported)
  }

  @Test func retryExpressions() throws {
    let retry = """
      asInt(lastRetry.exitCode) > 1 &&
      lastRetry.status != "Error" &&
      asInt(lastRetry.duration) < 120 &&
      (true == true || lastRetry.message matches 'imminent node shutdown|pod deleted')
      """
    #expect(try ExprLanguage.isTrue(retry, scope: scope))
    #expect(try ExprLanguage.isTrue("lastRetry.message matches 'imminent node shutdown|pod deleted'", scope: scope))
    let notBool = #expect(throws: ExpressionError.self) {
      try ExprLanguage.isTrue("lastRetry.status", scope: scope)
    }
    #expect(notBool?.message == "the condition must give true or false, and it gave the string \"Failed\"")
    #expect(try ExprLanguage.isTrue("steps['flip-coin'].outputs.result == 'heads'", scope: scope))
    #expect(
      try value("steps['flip-coin'].outputs.result == 'heads' ? steps.heads.outputs.result : steps.tails.outputs.result")
        == "it was heads")
    #expect(try value("asInt(inputs.parameters.count) == 1? 1: asInt(inputs.parameters.count) == 3? 2: 0") == 2)
    #expect(try ExprLanguage.isTrue("inputs.parameters[\"should-print\"] == 'true'", scope: scope))
  }

  @Test func syntaxErrorsAreLocated() {
    let unclosed = failure("asInt(inputs.parameters.count")
    #expect(unclosed?.code == .syntax)
    #expect(unclosed?.message == "unclosed `(`: expected `)` before the end of the expression")
    #expect(unclosed?.offset == 5)
    let stray = failure("1 + + ")
    #expect(stray?.message == "unexpected end of expression: expected a value")
    let single = failure("a = 1")
    #expect(single?.offset == 2)
    #expect(single?.hint == "write `==` to compare two values")
    #expect(failure("'abc")?.message == "unterminated string: no closing '")
    #expect(failure("")?.message == "the expression is empty")
    let described = failure("1 +* 2")?.description ?? ""
    #expect(described.contains("^"))
  }

  @Test func absentOptionalOutputs() {
    let error = failure("tasks.producer.outputs.parameters.msg + 'x'")
    #expect(error?.code == .absentValue)
    #expect(error?.variable == "tasks.producer.outputs.parameters.msg")
  }

  @Test func referencesNameDottedVariables() {
    #expect(ExprLanguage.references(in: "asInt(inputs.parameters['x']) + 1") == ["inputs.parameters.x"])
    #expect(
      ExprLanguage.references(in: "steps['flip-coin'].outputs.result == 'heads' ? steps.heads.outputs.result : retries")
        == ["steps.flip-coin.outputs.result", "steps.heads.outputs.result", "retries"])
    #expect(ExprLanguage.references(in: "sprig.upper(workflow.name)") == ["workflow.name"])
    #expect(ExprLanguage.references(in: "filter(tasks.a.outputs.result, # > 1)") == ["tasks.a.outputs.result"])
    #expect(ExprLanguage.references(in: "1 +") == [])
  }

  @Test func deepNestingIsAnErrorNotACrash() throws {
    let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
    #expect(failure(deep)?.message.contains("nested too deeply") == true)
    let chain = Array(repeating: "1", count: 5000).joined(separator: " + ")
    #expect(failure(chain)?.message.contains("nested too deeply") == true)
    let negations = String(repeating: "!", count: 5000) + "true"
    #expect(failure(negations)?.code == .syntax)
    let members = "item" + String(repeating: ".a", count: 5000)
    #expect(failure(members)?.code == .syntax)
    #expect(try value(String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)) == 1)
  }

  @Test func randomInputNeverTraps() {
    var generator = SeededGenerator(seed: 42)
    let alphabet = Array("ab1.0'\"()[]{}#+-*/%<>=!&|?:,. \\x$é`~^_9".unicodeScalars)
    for _ in 0..<3000 {
      let length = Int.random(in: 0..<24, using: &generator)
      var text = String.UnicodeScalarView()
      for _ in 0..<length {
        if Int.random(in: 0..<10, using: &generator) == 0 {
          text.append(Unicode.Scalar(UInt8.random(in: 0...127, using: &generator)))
        } else {
          text.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
        }
      }
      let source = String(text)
      _ = try? ExprLanguage.evaluate(source, scope: scope)
      _ = ExprLanguage.references(in: source)
      _ = try? WhenCondition.evaluate(source)
    }
    for source in [
      "1 % 0", "-9223372036854775807 - 1 % -1", "abs(-9223372036854775807 - 1)", "1 / 0", "0..9999999",
      "sprig.repeat(99999999999, 'x')", "repeat('x', -1)", "int(1e300)", "[1][9223372036854775807]", "'x'[-99]",
    ] {
      _ = try? ExprLanguage.evaluate(source, scope: scope)
    }
    #expect(failure("1 / 0")?.message.contains("not a finite number") == true)
    #expect(failure("1 % 0")?.message == "integer divide by zero")
  }
}

/// A small deterministic generator (SplitMix64), so that fuzzing is reproducible.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
