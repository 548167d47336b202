package org.lstmlens.influence;

import org.lstmlens.model.BidirectionalPass;
import org.lstmlens.model.CallPass;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.RecurrentPass;

/**
 * Where a recurrent layer sits in a {@link ModelGraph}: the index of its call, the layer, and for a direction of a
 * Bidirectional which one (null for a plain recurrent layer).
 */
record GraphSite(int call, RecurrentLayer layer, Boolean forward) {
    /** This layer's pass inside its call's pass. */
    RecurrentPass of(CallPass pass) {
        if (forward == null) {
            return (RecurrentPass) pass;
        }
        BidirectionalPass b = (BidirectionalPass) pass;
        return forward ? b.forward() : b.backward();
    }
}
