package org.lstmlens.dsl;

import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.MimeBundle;

/**
 * A loaded {@code Bidirectional} recurrent layer (LSTM, GRU or SimpleRNN): its forward and backward directions as
 * {@link LayerView}s and how their outputs merge. The backward direction reads the input from the last timestep to the first. Immutable.
 */
public final class BidirectionalView implements Displayable {
    private final BidirectionalLayer layer;

    BidirectionalView(BidirectionalLayer layer) {
        this.layer = layer;
    }

    public String name() {
        return layer.name();
    }

    /** The direction reading timesteps first to last: {@code model.bidirectional(0).forward()}. */
    public LayerView forward() {
        return LayerView.of(layer.forwardLayer());
    }

    /** The direction reading timesteps last to first: {@code model.bidirectional(0).backward()}. */
    public LayerView backward() {
        return LayerView.of(layer.backwardLayer());
    }

    /** {@code concat}, {@code sum}, {@code mul}, {@code ave} or {@code None}. */
    public String mergeMode() {
        return layer.merge().kerasName();
    }

    /** Parameters of both directions, as Keras counts them. */
    public long params() {
        return layer.params();
    }

    @Override
    public MimeBundle toMimeBundle() {
        String text = toString() + "\n  forward:  " + forward() + "\n  backward: " + backward();
        return MimeBundle.builder(text).html("<pre>" + SummaryTable.esc(text) + "</pre>").build();
    }

    @Override
    public String toString() {
        return "Bidirectional \"" + name() + "\": " + layer.forwardLayer().rnn().units() + " + "
                + layer.backwardLayer().rnn().units() + " units, merge " + mergeMode() + ", " + params() + " params";
    }
}
