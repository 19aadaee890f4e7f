# 은닉층 크기를 128로 고정 (인자를 무시) / Hard-codes 128 hidden units (ignores the argument)
def build_mlp(hidden_units=128, dropout_rate=0.2, num_classes=10):
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(dropout_rate),
        layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
