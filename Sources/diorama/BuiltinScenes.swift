/// Scenes compiled into the binary, so `diorama demo` works with no files at all.
enum BuiltinScenes {
  /// The demo: five balls of different materials dropped side by side (each bounces as its
  /// restitution says and rings as its material does), and a ball rolling into a small tower.
  static let demo = """
    diorama: 1
    name: Diorama demo
    description: Five balls of five materials dropped from 1.5 m, and a rubber ball rolling into a tower.
    world:
      duration: 4
      fps: 30
      resolution: [640, 360]
      seed: 7
    environment:
      ground: { material: wood, checker: true, checker_size: 0.5 }
      ambience: { kind: room_tone, level_db: -50 }
    objects:
      - { name: steel ball,   shape: sphere, radius: 0.12, material: steel,   position: [-1.0, 0, 1.5] }
      - { name: rubber ball,  shape: sphere, radius: 0.12, material: rubber,  position: [-0.5, 0, 1.5] }
      - { name: glass ball,   shape: sphere, radius: 0.12, material: glass,   position: [0.0, 0, 1.5] }
      - { name: wood ball,    shape: sphere, radius: 0.12, material: wood,    position: [0.5, 0, 1.5] }
      - { name: plastic ball, shape: sphere, radius: 0.12, material: plastic, position: [1.0, 0, 1.5] }
      - { name: block 1, shape: box, size: [0.3, 0.3, 0.3], material: wood, position: [0, 1.2, 0.15] }
      - { name: block 2, shape: box, size: [0.3, 0.3, 0.3], material: wood, position: [0, 1.2, 0.45] }
      - { name: block 3, shape: box, size: [0.3, 0.3, 0.3], material: wood, position: [0, 1.2, 0.75] }
      - name: bowler
        shape: sphere
        radius: 0.15
        material: rubber
        position: [-2.2, 1.2, 0.15]
        velocity: [3.0, 0, 0]
    shots:
      - name: wide
        start: 0
        camera: { position: [0.6, -4.6, 1.9], target: [0, 0.5, 0.5], lens_mm: 32 }
    outcomes:
      - { name: tower falls, type: height_below, objects: [block 1, block 2, block 3], fraction: 0.6 }
      - { name: steel ball hits the ground, type: touches, object: steel ball, other: ground, at: 1.0 }
    """
}
