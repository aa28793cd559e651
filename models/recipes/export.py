"""Write the HF-layout folders (config, tokenizer, onnx/model.onnx)."""
import argparse
import os

import common as C


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen")
    ap.add_argument("--prm")
    ap.add_argument("--gen-out")
    ap.add_argument("--prm-out")
    ap.add_argument("--opset", type=int, default=14)
    a = ap.parse_args()
    C.setup_torch()
    if a.gen:
        m, _ = C.load_ckpt(a.gen, C.LlamaLM)
        C.write_folder(m, a.gen_out, prm=False, opset=a.opset)
        print("exported", a.gen_out, C.n_params(m))
    if a.prm:
        m, extra = C.load_ckpt(a.prm, C.LlamaPRM)
        C.write_folder(m, a.prm_out, prm=True, opset=a.opset)
        # The weights the graph came from: the default external trainer
        # (retrain_prm.py) fine-tunes from them.
        C.save_ckpt(m, os.path.join(a.prm_out, "pytorch_model.pt"), extra)
        print("exported", a.prm_out, C.n_params(m))


if __name__ == "__main__":
    main()
