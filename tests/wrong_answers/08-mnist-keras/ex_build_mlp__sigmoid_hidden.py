# 은닉층에 ReLU 대신 시그모이드 / a sigmoid hidden layer instead of ReLU
def build_mlp(hidden_units=128, dropout_rate=0.2, num_classes=10):
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(hidden_units, activation="sigmoid"),
        layers.Dropout(dropout_rate),
        layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
