// The table of named materials. Every value carries its source; "estimate" marks a value chosen
// by us within a published range (or, where nothing is published, by analogy) rather than
// read from a table.
//
// Sources, cited by key below:
// [KleinPAT]  Wang & James, "KleinPAT", SIGGRAPH 2019, Table 4 (ρ, E, ν, α, β); also used by
//             RealImpact (Clarke et al., CVPR 2023); the damping test in Tests/DioramaAudioTests checks it.
// [Serway]    Serway & Jewett, Physics for Scientists and Engineers, Table 5.1 "Coefficients of
//             friction" (steel/steel 0.74/0.57, glass/glass 0.94/0.4, wood/wood 0.25–0.5/0.2,
//             ice/ice 0.1/0.03, rubber/concrete 1.0/0.8).
// [ETB-F]     Engineering ToolBox, "Friction Coefficients for some Common Materials"
//             (aluminium/aluminium clean 1.05–1.35, rubber/rubber 1.16, cotton/cotton 0.3,
//             nylon/nylon 0.15–0.25, ice/ice 0.02–0.09).
// [ETB-E]     Engineering ToolBox, "Young's Modulus" and "Poisson's Ratio" tables
//             (aluminium 69 GPa / 0.33, rubber 0.01–0.1 GPa / 0.48–0.5, granite ≈ 50 GPa /
//             0.2–0.3).
// [CRC]       CRC Handbook of Chemistry and Physics: densities (water 998.2 kg/m³ at 20 °C, ice
//             916.7 kg/m³ at 0 °C, aluminium 2698 kg/m³), water bulk modulus 2.2 GPa.
// [Byerlee]   Byerlee, "Friction of rocks", Pure Appl. Geophys. 116 (1978): μ ≈ 0.6–0.85 for
//             most rocks.
// [Schulson]  Schulson, "The structure and mechanical behavior of ice", JOM 51 (1999):
//             polycrystalline ice E ≈ 9.7–11.2 GPa, ν ≈ 0.31–0.36.
// [Foerster]  Foerster, Louge, Chang & Allia, "Measurements of the collision properties of small
//             spheres", Phys. Fluids 6 (1994): glass spheres e ≈ 0.97.
// [Leeb]      Leeb rebound hardness HL = 1000·v_out/v_in with a tungsten-carbide ball: common
//             steels HL ≈ 500–850, i.e. e ≈ 0.5–0.85 against a hard body.
// [ICRP]      ICRP Publication 89 (2002): skin density ≈ 1090 kg/m³.
// [Derler]    Derler & Gerhardt, "Tribology of skin", Tribol. Lett. 45 (2012): dry skin friction
//             μ ≈ 0.2–1 against common materials.
// [RTR4]      Akenine-Möller et al., Real-Time Rendering 4th ed., Table 9.2: linear F0 of metals
//             (iron 0.56/0.57/0.58, aluminium 0.91/0.92/0.92).
// [Albedo]    Measured albedo charts used in PBR practice (e.g. the DONTNOD / Unreal albedo
//             charts): rock 0.3–0.4, ice 0.5–0.7, fresh snow 0.7–0.9, new asphalt/tyre rubber
//             0.02–0.05 (linear).
// Damping α/β for materials absent from [KleinPAT] are estimates set so that T60 at 2 kHz
// (T60 = 6.908/(α/2 + βω²/2)) falls where the material's ring is heard to fall: metals near
// steel, stone and ice between polycarbonate and ceramic, soft matter as a dead thud.
// `modalFrequencyScale` is 1 (no tuning) everywhere until Audio calibrates it.

extension Material {
  /// The named materials, in a fixed order (scene files and tests rely on it).
  ///
  /// Values are typical room-temperature values for the bulk material, with the source of
  /// each in Materials.swift. Friction coefficients are for a like pair (wood on wood);
  /// restitution is against a hard, heavy surface.
  public static let table: [Material] = [
    Material(
      name: "steel",
      density: 7850,  // [KleinPAT]; ETB mild steel 7850
      staticFriction: 0.74,  // [Serway] steel on steel, dry
      kineticFriction: 0.57,  // [Serway]
      restitution: 0.8,  // estimate within [Leeb] range for steels
      youngsModulus: 2.0e11,  // [KleinPAT]
      poissonRatio: 0.29,  // [KleinPAT]
      rayleighAlpha: 5,  // [KleinPAT]
      rayleighBeta: 3e-8,  // [KleinPAT]
      modalFrequencyScale: 1,
      albedo: Vec3(0.56, 0.57, 0.58),  // [RTR4] iron F0
      roughness: 0.3,  // estimate: brushed/machined steel
      metallic: 1,  // conductor
      transmission: 0  // opaque
    ),
    Material(
      name: "iron",
      density: 8000,  // [KleinPAT]
      staticFriction: 1.0,  // [ETB-F] iron on iron, clean and dry
      kineticFriction: 0.15,  // [ETB-F] cast iron on cast iron, clean and dry
      restitution: 0.6,  // estimate: softer than hardened steel, lower end of [Leeb]
      youngsModulus: 2.1e11,  // [KleinPAT]
      poissonRatio: 0.28,  // [KleinPAT]
      rayleighAlpha: 5,  // [KleinPAT]
      rayleighBeta: 1e-7,  // [KleinPAT]
      modalFrequencyScale: 1,
      albedo: Vec3(0.56, 0.57, 0.58),  // [RTR4] iron F0
      roughness: 0.5,  // estimate: cast surface
      metallic: 1,
      transmission: 0
    ),
    Material(
      name: "aluminium",
      density: 2700,  // [CRC] 2698
      staticFriction: 1.05,  // [ETB-F] lower end of 1.05–1.35, clean and dry
      kineticFriction: 0.4,  // [ETB-F] (one edition lists 1.4, above static; not used)
      restitution: 0.6,  // estimate: softer than steel
      youngsModulus: 6.9e10,  // [ETB-E]
      poissonRatio: 0.33,  // [ETB-E]
      rayleighAlpha: 5,  // estimate: as the metals in [KleinPAT]
      rayleighBeta: 5e-8,  // estimate: between steel 3e-8 and iron 1e-7
      modalFrequencyScale: 1,
      albedo: Vec3(0.91, 0.92, 0.92),  // [RTR4] aluminium F0
      roughness: 0.35,  // estimate: brushed
      metallic: 1,
      transmission: 0
    ),
    Material(
      name: "glass",
      density: 2600,  // [KleinPAT]; soda-lime 2500 (ETB)
      staticFriction: 0.94,  // [Serway] glass on glass
      kineticFriction: 0.4,  // [Serway]
      restitution: 0.95,  // [Foerster] glass spheres 0.97, rounded down for a flat target
      youngsModulus: 6.2e10,  // [KleinPAT]
      poissonRatio: 0.20,  // [KleinPAT]
      rayleighAlpha: 1,  // [KleinPAT]
      rayleighBeta: 1e-7,  // [KleinPAT]
      modalFrequencyScale: 1,
      albedo: Vec3(0.96, 0.98, 0.97),  // estimate: faint green of soda-lime glass
      roughness: 0.02,  // estimate: polished
      metallic: 0,
      transmission: 0.95  // estimate: clear glass, ~4% reflected per face
    ),
    Material(
      name: "ceramic",
      density: 2700,  // [KleinPAT]
      staticFriction: 0.5,  // estimate: glazed ceramic pair, below glass/glass
      kineticFriction: 0.4,  // estimate
      restitution: 0.7,  // estimate
      youngsModulus: 7.2e10,  // [KleinPAT]
      poissonRatio: 0.19,  // [KleinPAT]
      rayleighAlpha: 6,  // [KleinPAT]
      rayleighBeta: 1e-7,  // [KleinPAT]
      modalFrequencyScale: 1,
      albedo: Vec3(0.80, 0.80, 0.78),  // estimate: white glazed porcelain
      roughness: 0.1,  // estimate: glaze
      metallic: 0,
      transmission: 0
    ),
    Material(
      name: "stone",
      density: 2700,  // granite, ETB 2691
      staticFriction: 0.7,  // [Byerlee] rock on rock 0.6–0.85
      kineticFriction: 0.6,  // estimate: lower end of [Byerlee]
      restitution: 0.5,  // estimate
      youngsModulus: 5.0e10,  // [ETB-E] granite
      poissonRatio: 0.25,  // [ETB-E] granite 0.2–0.3
      rayleighAlpha: 10,  // estimate: T60(2 kHz) ≈ 0.24 s
      rayleighBeta: 3e-7,  // estimate
      modalFrequencyScale: 1,
      albedo: Vec3(0.36, 0.35, 0.33),  // [Albedo] rock 0.3–0.4
      roughness: 0.7,  // estimate: unpolished
      metallic: 0,
      transmission: 0
    ),
    Material(
      name: "wood",
      density: 750,  // [KleinPAT]; oak 600–900 (ETB)
      staticFriction: 0.5,  // [Serway] wood on wood, upper end of 0.25–0.5
      kineticFriction: 0.3,  // estimate: above [Serway] 0.2, as in common textbook tables
      restitution: 0.5,  // estimate: hardwood on a hard floor
      youngsModulus: 1.1e10,  // [KleinPAT]
      poissonRatio: 0.25,  // [KleinPAT]
      rayleighAlpha: 60,  // [KleinPAT]
      rayleighBeta: 2e-6,  // [KleinPAT]
      modalFrequencyScale: 1,
      albedo: Vec3(0.45, 0.30, 0.18),  // estimate: light oak
      roughness: 0.6,  // estimate: sanded, unvarnished
      metallic: 0,
      transmission: 0
    ),
    Material(
      name: "plastic",
      density: 1070,  // [KleinPAT]; ABS 1040–1070
      staticFriction: 0.4,  // estimate: between nylon (0.15–0.25) and polystyrene [ETB-F]
      kineticFriction: 0.3,  // estimate
      restitution: 0.7,  // estimate
      youngsModulus: 1.4e9,  // [KleinPAT]
      poissonRatio: 0.35,  // [KleinPAT]
      rayleighAlpha: 30,  // [KleinPAT]
      rayleighBeta: 1e-6,  // [KleinPAT]
      modalFrequencyScale: 1,
      albedo: Vec3(0.6, 0.6, 0.6),  // estimate: neutral; dye-dependent
      roughness: 0.4,  // estimate: moulded
      metallic: 0,
      transmission: 0
    ),
    Material(
      name: "polycarbonate",
      density: 1190,  // [KleinPAT]
      staticFriction: 0.4,  // estimate: as plastic
      kineticFriction: 0.3,  // estimate
      restitution: 0.7,  // estimate
      youngsModulus: 2.4e9,  // [KleinPAT]
      poissonRatio: 0.37,  // [KleinPAT]
      rayleighAlpha: 0.5,  // [KleinPAT]
      rayleighBeta: 4e-7,  // [KleinPAT]
      modalFrequencyScale: 1,
      albedo: Vec3(0.95, 0.95, 0.95),  // estimate: clear sheet
      roughness: 0.05,  // estimate
      metallic: 0,
      transmission: 0.9  // estimate: clear polycarbonate transmits ~88–90%
    ),
    Material(
      name: "rubber",
      density: 1100,  // ETB: natural 930, hard rubber 1190; a vulcanised compound between
      staticFriction: 1.16,  // [ETB-F] rubber on rubber
      kineticFriction: 0.8,  // estimate: [Serway] rubber on concrete, kinetic
      restitution: 0.8,  // estimate: solid rubber ball
      youngsModulus: 5e7,  // [ETB-E] 0.01–0.1 GPa, mid-range
      poissonRatio: 0.49,  // [ETB-E] 0.48–0.5, kept below the incompressible 0.5
      rayleighAlpha: 100,  // estimate: dead thud, T60(2 kHz) ≈ 8 ms
      rayleighBeta: 1e-5,  // estimate
      modalFrequencyScale: 1,
      albedo: Vec3(0.03, 0.03, 0.03),  // [Albedo] tyre rubber 0.02–0.05
      roughness: 0.8,  // estimate
      metallic: 0,
      transmission: 0
    ),
    Material(
      name: "ice",
      density: 917,  // [CRC] 916.7 at 0 °C
      staticFriction: 0.1,  // [Serway] ice on ice
      kineticFriction: 0.03,  // [Serway]
      restitution: 0.6,  // estimate: falls with impact speed (Higa et al. 1998)
      youngsModulus: 9.5e9,  // [Schulson], lower end
      poissonRatio: 0.33,  // [Schulson]
      rayleighAlpha: 10,  // estimate: T60(2 kHz) ≈ 0.33 s
      rayleighBeta: 2e-7,  // estimate
      modalFrequencyScale: 1,
      albedo: Vec3(0.90, 0.95, 1.0),  // estimate: faint blue tint of clear ice
      roughness: 0.1,  // estimate: wet surface
      metallic: 0,
      transmission: 0.8  // estimate: bubbles scatter part of the light
    ),
    Material(
      name: "cloth",
      density: 400,  // estimate: woven cotton with air (fibre 1540)
      staticFriction: 0.4,  // estimate: above the kinetic value
      kineticFriction: 0.3,  // [ETB-F] cotton on cotton threads
      restitution: 0.1,  // estimate: nearly dead
      youngsModulus: 5e6,  // estimate: effective bulk stiffness of a folded fabric
      poissonRatio: 0.3,  // estimate
      rayleighAlpha: 500,  // estimate: no audible ring
      rayleighBeta: 1e-4,  // estimate
      modalFrequencyScale: 1,
      albedo: Vec3(0.5, 0.5, 0.5),  // estimate: neutral; dye-dependent
      roughness: 0.9,  // estimate
      metallic: 0,
      transmission: 0
    ),
    Material(
      name: "skin",
      density: 1090,  // [ICRP]
      staticFriction: 0.6,  // estimate within [Derler] 0.2–1
      kineticFriction: 0.5,  // estimate within [Derler]
      restitution: 0.3,  // estimate
      youngsModulus: 1e6,  // estimate: soft tissue in vivo, 0.1–2 MPa
      poissonRatio: 0.45,  // estimate: nearly incompressible tissue
      rayleighAlpha: 300,  // estimate: dead thud
      rayleighBeta: 5e-5,  // estimate
      modalFrequencyScale: 1,
      albedo: Vec3(0.75, 0.50, 0.40),  // estimate: light skin; varies widely
      roughness: 0.5,  // estimate
      metallic: 0,
      transmission: 0
    ),
    Material(
      name: "water",
      density: 998,  // [CRC] 998.2 at 20 °C (sound.md uses 998)
      staticFriction: 0,  // a liquid carries no static shear
      kineticFriction: 0,  // viscous drag belongs to the fluid solver, not Coulomb friction
      restitution: 0,  // a liquid does not bounce
      // E chosen so that the bulk modulus K = E/(3(1 − 2ν)) is water's 2.2 GPa [CRC]:
      // E = 3·2.2e9·(1 − 2·0.49) = 1.32e8 Pa.
      youngsModulus: 1.32e8,
      poissonRatio: 0.49,  // estimate: incompressible limit 0.5, kept finite
      rayleighAlpha: 1000,  // estimate: liquid volume does not ring (bubbles do, in Audio)
      rayleighBeta: 1e-4,  // estimate
      modalFrequencyScale: 1,
      albedo: Vec3(0.90, 0.97, 1.0),  // estimate: absorption tints deep water blue-green
      roughness: 0.02,  // estimate: calm surface
      metallic: 0,
      transmission: 1  // clear
    ),
  ]

  /// The material called `name` (exact, lower-case), or nil.
  ///
  /// - Complexity: O(number of materials).
  public static func named(_ name: String) -> Material? {
    table.first { $0.name == name }
  }

  /// The names in table order.
  public static var names: [String] { table.map(\.name) }

  /// Damping ratio ξ = α/(2ω) + βω/2 of a mode at `frequencyHertz` under Rayleigh damping.
  public func dampingRatio(frequencyHertz: Double) -> Double {
    let omega = 2 * Double.pi * frequencyHertz
    return rayleighAlpha / (2 * omega) + rayleighBeta * omega / 2
  }

  /// Time (s) for a mode at `frequencyHertz` to decay by 60 dB: T60 = ln(1000)/(ξω).
  public func decayTime60(frequencyHertz: Double) -> Double {
    let omega = 2 * Double.pi * frequencyHertz
    return 6.907_755_278_982_137 / (dampingRatio(frequencyHertz: frequencyHertz) * omega)
  }
}
