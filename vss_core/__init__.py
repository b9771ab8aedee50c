"""Qt-free domain rules (identifiers, insurance rules). See shared/design/domain.md."""
