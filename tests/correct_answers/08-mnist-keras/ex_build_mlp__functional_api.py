# 함수형 API / the functional API
def build_mlp(hidden_units=128, dropout_rate=0.2, num_classes=10):
    """드롭아웃이 있는 MLP (컴파일됨) / A compiled MLP with dropout."""
    inputs = keras.Input(shape=(28, 28))
    h = layers.Reshape((784,))(inputs)
    h = layers.Dense(hidden_units)(h)
    h = layers.Activation("relu")(h)
    h = layers.Dropout(dropout_rate)(h)
    outputs = layers.Dense(num_classes, activation="softmax")(h)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
    return model
