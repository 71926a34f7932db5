package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NablaCommandTest {

    @Test
    void mistakesGiveOneLineAndExitCodeTwo() {
        String[][] mistakes = {
            {"train", "resnet"}, {"train", "--dataset", "imagenet"}, {"train", "--epochs", "many"}, {"train", "--epoch", "3"},
            {"train", "--epochs", "0"}, {"train", "--lr", "-1"}, {"train", "--momentum", "1"}, {"train", "--optimizer", "lbfgs"},
            {"train", "--schedule", "warmup"}, {"train", "--early-stopping", "3"}, {"train", "--augment", "sparkle"},
            {"train", "--val-split", "1"}, {"train", "--optimizer", "adam", "--momentum", "0.9"}, {"train", "--schedule", "plateau"},
            {"train", "--clip-grad", "0"}, {"train", "--clip-grad", "-1"}, {"train", "--clip-grad", "Infinity"}, {"summary", "resnet"}, {"summary", "lenet5", "--input", "0x28"}, {"search", "--trials", "0"}, {"eval"}, {"predict"}, {"trian"},
        };
        for (String[] args : mistakes) {
            Cli.Run r = Cli.run(args);
            String what = String.join(" ", args);
            assertThat(r.exitCode()).as(what).isEqualTo(2);
            assertThat(r.out()).as(what).isEmpty();
            assertThat(r.err().lines()).as(what).hasSize(1);
            assertThat(r.err()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(Cli.run("train", "resnet").err())
                .isEqualTo("nabla train: " + org.nabla.models.Models.REGISTRY.unknown("resnet") + " (see 'nabla train --help')\n")
                .startsWith("nabla train: unknown model 'resnet'; available: mlp, lenet5, cnn, ");
        assertThat(Cli.run("train", "--dataset", "imagenet").err()).contains("unknown dataset 'imagenet'; available: digits, mnist, fashion-mnist, cifar10, dates, mnist-seg, mnist-detect, boxes, segfolder, csv, folder");
        assertThat(Cli.run("train", "--epoch", "3").err()).contains("Unknown option: '--epoch'").contains("did you mean --epochs");
        assertThat(Cli.run("train", "--early-stopping", "3").err()).contains("give --val-split too");
        assertThat(Cli.run("train", "--augment", "sparkle").err()).contains("--augment:").contains("sparkle");
        assertThat(Cli.run("trian").err()).contains("did you mean train");
    }

    /** Options that only the data shows to be impossible: still one line naming the option, exit code 2, nothing written. */
    @Test
    void optionsTheDataForbidsAreUsageErrors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        String[][] cases = {
            {"--batch-size", "2147483647", "--epochs", "1"}, {"--train-limit", "5", "--epochs", "1"}, {"--val-split", "0.999", "--epochs", "3"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 3];
            args[0] = "train";
            System.arraycopy(c, 0, args, 1, c.length);
            args[c.length + 1] = "--out";
            args[c.length + 2] = tmp.resolve(c[0].substring(2)).toString();
            Cli.Run r = Cli.run(args);
            String what = String.join(" ", args);
            assertThat(r.exitCode()).as(what + ": " + r.err()).isEqualTo(2);
            assertThat(r.out()).as(what).isEmpty();
            assertThat(r.err().lines()).as(what).hasSize(1);
            assertThat(r.err()).as(what).startsWith("nabla train: --schedule onecycle needs at least 4 optimizer steps, this run has ")
                    .contains("raise --epochs, lower --batch-size or choose another --schedule").endsWith("(see 'nabla train --help')\n");
            assertThat(tmp.resolve(c[0].substring(2))).as(what).doesNotExist();
        }
        assertThat(Cli.run("train", "--train-limit", "5", "--epochs", "1").err()).contains("this run has 1 (1 epoch of 1 batch)");
        assertThat(Cli.run("train", "--val-split", "0.999", "--epochs", "3").err()).contains("this run has 3 (3 epochs of 1 batch)");
    }

    @Test
    void printsHelpAndVersion() {
        Cli.Run help = Cli.run("train", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: nabla train").contains("--epochs=N").contains("--batch-size=N").contains("--optimizer=NAME")
                .contains("--lr=RATE").contains("--clip-grad=NORM").contains("--schedule=NAME").contains("--weight-decay=L2").contains("--augment=SPEC")
                .contains("--val-split=F").contains("--early-stopping=PATIENCE").contains("--seed=N").contains("--threads=N").contains("--out=DIR");
        Cli.Run top = Cli.run("--help");
        assertThat(top.out()).contains("Usage: nabla").contains("train").contains("eval").contains("predict").contains("summary")
                .contains("search").contains("bench");
        assertThat(Cli.run().out()).isEqualTo(top.out());
        Cli.Run version = Cli.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("nabla 0.").doesNotContain("unknown").contains("Java " + Runtime.version());
    }

    @Test
    void summarisesBuiltInModels() {
        Cli.Run lenet = Cli.run("summary", "lenet5");
        assertThat(lenet.exitCode()).isZero();
        assertThat(lenet.out()).startsWith("lenet5 on 1x28x28 inputs").contains("Total params: 61,706").contains("Total mult-adds: 416,520");
        Cli.Run cnn = Cli.run("summary", "cnn");
        assertThat(cnn.out()).contains("cnn on 3x32x32 inputs").contains("[1, 10]").contains("BatchNorm2d");
        assertThat(Cli.run("summary", "mlp", "--input", "1x8x8", "--classes", "4").out()).contains("[1, 4]")
                .contains("Total params: " + String.format(java.util.Locale.ROOT, "%,d", 64 * 256 + 256 + 256 * 128 + 128 + 128 * 4 + 4));
        Cli.Run wrong = Cli.run("summary", "lenet5", "--input", "1x8x8");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).isEqualTo("nabla summary: lenet5 takes C x 28 x 28 or C x 32 x 32 images, the data has samples of 1x8x8\n");
    }

    @Test
    void summarisesAnImageNetLayoutWithTorchvisionsTotalsAndItsThousandClasses() {
        // 3x32x32 keeps the test fast; the parameters do not depend on the size (at 3x224x224: 1,814,073,344 mult-adds)
        Cli.Run resnet = Cli.run("summary", "resnet18", "--input", "3x32x32");
        assertThat(resnet.exitCode()).isZero();
        assertThat(resnet.out()).startsWith("resnet18 on 3x32x32 inputs").contains("fc (Linear)", "[1, 1000]", "Total params: 11,689,512 (11.7 M)");
        Cli.Run small = Cli.run("summary", "resnet50", "--input", "3x16x16");
        assertThat(small.exitCode()).isEqualTo(1);
        assertThat(small.err()).isEqualTo("nabla summary: resnet50 takes C x H x W images with H, W >= 32, the data has samples of 3x16x16\n");
    }
}
