#!/usr/bin/python3
# scikit-learn's t-SNE on the features `nabla tsne --features-out FILE.csv` wrote (one row per image, its label
# last), with the same settings as Nabla's TSne (perplexity 30, 1000 iterations, PCA start, learning rate "auto";
# Barnes-Hut from 2,000 points): prints its time and trustworthiness (k = 5). Debian's interpreter has sklearn:
#     /usr/bin/python3 scripts/tsne-sklearn.py features.csv [threads]
import os
import sys
import time

threads = sys.argv[2] if len(sys.argv) > 2 else "2"
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = threads

import numpy as np  # noqa: E402
from sklearn.manifold import TSNE, trustworthiness  # noqa: E402

data = np.loadtxt(sys.argv[1], delimiter=",", dtype=np.float32)
x = data[:, :-1]
method = "exact" if len(x) < 2000 else "barnes_hut"
start = time.perf_counter()
y = TSNE(n_components=2, perplexity=30, init="pca", learning_rate="auto", method=method, random_state=0).fit_transform(x)
seconds = time.perf_counter() - start
print("scikit-learn t-SNE (%s) of %d x %d features on %s threads: %.1f s; trustworthiness (k = 5) %.4f"
      % (method, x.shape[0], x.shape[1], threads, seconds, trustworthiness(x, y, n_neighbors=5)))
