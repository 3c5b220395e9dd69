// Shared by the reading-layer fuzz targets: the committed models, loaded once.

use herald_syntax::reading::Models;
use std::sync::OnceLock;

pub fn get() -> &'static Models {
    static MODELS: OnceLock<Models> = OnceLock::new();
    MODELS.get_or_init(|| Models::embedded().expect("the committed models load"))
}
