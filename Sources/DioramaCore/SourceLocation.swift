/// Where a value came from in a user's file: for errors that name the file, the line and the key.
public struct SourceLocation: Hashable, Codable, Sendable, CustomStringConvertible {
  /// The file as the user named it.
  public var file: String
  /// 1-based line, or 0 when unknown.
  public var line: Int
  /// 1-based column, or 0 when unknown.
  public var column: Int

  public init(file: String, line: Int = 0, column: Int = 0) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, leaving out what is unknown.
  public var description: String {
    if line == 0 { return file }
    if column == 0 { return "\(file):\(line)" }
    return "\(file):\(line):\(column)"
  }
}
