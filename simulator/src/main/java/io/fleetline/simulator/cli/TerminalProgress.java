package io.fleetline.simulator.cli;

import io.fleetline.simulator.Progress;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on the terminal (me.tongfei's progressbar: one line per phase, redrawn in place). Without a terminal
 * (output to a file or a pipe) each bar prints a line every few seconds instead.
 */
final class TerminalProgress implements Progress {
    private final boolean interactive = System.console() != null;

    @Override
    public Bar bar(String phase, long total) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(phase).setInitialMax(total).setUnit(" devices", 1)
                .showSpeed().setMaxRenderedLength(110);
        if (interactive) {
            builder.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250);
        } else {
            builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(5_000)
                    .setConsumer(new DelegatingProgressBarConsumer(System.err::println, 110));
        }
        ProgressBar bar = builder.build();
        return new Bar() {
            @Override
            public void stepTo(long done) {
                bar.stepTo(done);
            }

            @Override
            public void total(long newTotal) {
                if (newTotal != bar.getMax()) {
                    bar.maxHint(newTotal);
                }
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
