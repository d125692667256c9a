import DioramaCore
import Testing
import _TestSupport

@Suite struct MaterialsTests {
  @Test func requiredMaterialsArePresent() {
    let required = [
      "wood", "steel", "aluminium", "glass", "rubber", "plastic", "stone", "ceramic", "ice",
      "cloth", "skin", "water",
    ]
    for name in required { #expect(Material.named(name) != nil, "missing \(name)") }
    #expect(Material.named("unobtainium") == nil)
    #expect(Material.named("Steel") == nil)  // names are exact and lower-case
  }

  @Test func namesAreUniqueLowerCaseAndInTableOrder() {
    let names = Material.names
    #expect(Set(names).count == names.count)
    for n in names {
      #expect(n == n.lowercased() && !n.isEmpty && !n.contains(" "), "\(n)")
    }
    #expect(names == Material.table.map(\.name))
    #expect(names.first == "steel")
  }

  @Test(arguments: Material.table)
  func valuesAreFiniteAndInRange(m: Material) {
    #expect(m.density > 100 && m.density < 25_000, "\(m.name) density")
    #expect(m.staticFriction >= 0 && m.staticFriction <= 2, "\(m.name) μs")
    #expect(m.kineticFriction >= 0 && m.kineticFriction <= m.staticFriction, "\(m.name) μk")
    #expect(m.restitution >= 0 && m.restitution <= 1, "\(m.name) e")
    #expect(m.youngsModulus > 1e5 && m.youngsModulus < 1e12, "\(m.name) E")
    #expect(m.poissonRatio > 0 && m.poissonRatio < 0.5, "\(m.name) ν")
    #expect(m.rayleighAlpha > 0 && m.rayleighAlpha.isFinite, "\(m.name) α")
    #expect(m.rayleighBeta > 0 && m.rayleighBeta < 1e-3, "\(m.name) β")
    #expect(m.modalFrequencyScale > 0 && m.modalFrequencyScale.isFinite, "\(m.name) scale")
    #expect(m.albedo.isFinite && m.albedo.min() >= 0 && m.albedo.max() <= 1, "\(m.name) albedo")
    #expect(m.roughness >= 0 && m.roughness <= 1, "\(m.name) roughness")
    #expect(m.metallic >= 0 && m.metallic <= 1, "\(m.name) metallic")
    #expect(m.transmission >= 0 && m.transmission <= 1, "\(m.name) transmission")
    #expect(m.metallic == 0 || m.transmission == 0, "\(m.name): a metal does not transmit")
  }

  // sound.md: "Derived T60 at 2 kHz: steel 1.42 s, glass 0.82 s, iron 0.67 s, ceramic 0.63 s,
  // polycarbonate 0.22 s, plastic 0.074 s, wood 0.037 s." Those are rounded to 2 figures,
  // hence the 2% tolerance.
  @Test(arguments: [
    ("steel", 1.42), ("glass", 0.82), ("iron", 0.67), ("ceramic", 0.63),
    ("polycarbonate", 0.22), ("plastic", 0.074), ("wood", 0.037),
  ])
  func decayTimeAt2kHzMatchesSoundReference(name: String, t60: Double) throws {
    let m = try #require(Material.named(name))
    #expect(isClose(m.decayTime60(frequencyHertz: 2000), t60, relative: 0.02))
  }

  @Test func decayTimeOrderingAt2kHz() throws {
    let order = ["steel", "glass", "ceramic", "plastic", "wood"]
    let t = try order.map { try #require(Material.named($0)).decayTime60(frequencyHertz: 2000) }
    for k in 1..<t.count { #expect(t[k - 1] > t[k], "\(order[k - 1]) > \(order[k])") }
  }

  @Test func dampingRatioFormula() throws {
    // ξ = α/(2ω) + βω/2 for steel at 1 kHz.
    let steel = try #require(Material.named("steel"))
    let w = 2 * Double.pi * 1000
    #expect(isClose(steel.dampingRatio(frequencyHertz: 1000), 5 / (2 * w) + 3e-8 * w / 2))
  }

  @Test func kleinPATValuesAreCopiedExactly() throws {
    let steel = try #require(Material.named("steel"))
    #expect(steel.density == 7850 && steel.youngsModulus == 2.0e11 && steel.poissonRatio == 0.29)
    let glass = try #require(Material.named("glass"))
    #expect(glass.rayleighAlpha == 1 && glass.rayleighBeta == 1e-7)
  }
}
