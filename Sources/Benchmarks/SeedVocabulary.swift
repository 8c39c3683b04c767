/// The words demo product names are made of: adjective + material + noun. Some carry
/// accents, `ß`, `ñ` or `æ`, so that name search shows its case folding (`meiss` finds
/// `Meißen`, `ETAGERE` does not find `Étagère`: accents are kept).
enum SeedVocabulary {
    static let adjectives = [
        "Compact", "Vintage", "Rustic", "Modern", "Nordic", "Sturdy", "Elegant", "Tiny", "Grand", "Classic",
        "Ergonomic", "Cozy", "Sleek", "Handmade", "Folding", "Rétro", "Déco", "Naïve", "Bohème", "Ærøskøbing",
    ]
    static let materials = [
        "Oak", "Walnut", "Bamboo", "Steel", "Brass", "Copper", "Linen", "Wool", "Cotton", "Ceramic",
        "Glass", "Marble", "Leather", "Rattan", "Cork", "Bouclé", "Suède", "Papier-mâché", "Meißen Porcelain", "Rosé Quartz",
    ]
    static let nouns = [
        "Lamp", "Desk", "Chair", "Table", "Shelf", "Stool", "Vase", "Mug", "Bowl", "Rug",
        "Clock", "Mirror", "Bench", "Cabinet", "Lantern", "Kettle", "Teapot", "Ottoman", "Duvet", "Étagère",
        "Armoire", "Crêpe Pan", "Piñata", "Chaise Longue", "Fondue Set",
    ]

    static var combinations: Int { adjectives.count * materials.count * nouns.count }

    /// The words of combination `index` (0 ..< combinations).
    static func words(_ index: Int) -> (adjective: String, material: String, noun: Int) {
        let noun = index % nouns.count
        let rest = index / nouns.count
        return (adjectives[rest / materials.count], materials[rest % materials.count], noun)
    }
}
