//! YAML with exact positions: a spanned tree, the loader that guards against hostile input, and the
//! map from positions inside a scalar's value back to the file.

pub mod load;
pub mod node;
pub mod scalar_map;
