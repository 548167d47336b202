/** The dataset job on Apache Spark. */
package org.lstmlens.spark;
