"""Speed baselines for `atelier bench`: the trained model in PyTorch eager, on the same machine."""
