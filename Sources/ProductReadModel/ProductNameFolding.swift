import Foundation

/// The case folding of product names for FindByName, done in Swift because Lua only
/// knows ASCII: the projector sends the folded name with ProductAdded, and queries fold
/// their prefix with the same function, so both sides always agree.
///
/// `fold` is Unicode full case folding (Foundation's `.caseInsensitive` folding: `ß` →
/// `ss`, `ﬁ` → `fi`, `Σ`/`ς` → `σ`) followed by NFC, so precomposed and decomposed input
/// (`é` vs `e` + U+0301) index alike. Accents are kept: `ecole` does not find `École`.
/// Folding tables come with the Swift release; if an upgrade changes them, a rebuild
/// re-indexes every name.
public enum ProductNameFolding {
    /// The folded form of a name or of a search prefix.
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive], locale: nil).precomposedStringWithCanonicalMapping
    }
}
